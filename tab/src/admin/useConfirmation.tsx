import { Toast, ToastTitle, useToastController } from '@fluentui/react-components';
import { TOASTER_ID } from '../toaster';

/** Confirms a saved change in a polite toast, as the custom fields section does. */
export function useConfirmation(): (text: string) => void {
  const { dispatchToast } = useToastController(TOASTER_ID);
  return (text) => dispatchToast(<Toast><ToastTitle>{text}</ToastTitle></Toast>, { intent: 'success', politeness: 'polite' });
}
