import { Button, Toast, ToastBody, ToastTitle, Tooltip, useToastController } from '@fluentui/react-components';
import { CallRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';
import { displayIdentifier } from '../i18n/format';
import { TOASTER_ID } from '../toaster';

/**
 * Calls a phone number (OUT-2): through the host where it can place the call (Teams), otherwise a
 * tel: link for the system's calling app. The number is dialled in E.164 and named as it reads.
 */
export function CallButton({ phone: number }: { phone: { value: string; display?: string } }) {
  const { t } = useTranslation();
  const phone = number.value;
  const shown = displayIdentifier(number);
  const { startCall } = useApp().host;
  const { dispatchToast } = useToastController(TOASTER_ID);
  const call = async (start: (phone: string) => Promise<void>) => {
    try {
      await start(phone);
    } catch (error) {
      // Teams refuses e.g. a user without a calling plan; say so, since the number is still there to copy.
      dispatchToast(
        <Toast>
          <ToastTitle>{t('call.failed', { number: shown })}</ToastTitle>
          <ToastBody>{t('call.refused', { reason: error instanceof Error ? error.message : String(error) })}</ToastBody>
        </Toast>,
        { intent: 'error', timeout: 10_000, politeness: 'assertive' },
      );
    }
  };
  return (
    <Tooltip content={t('call.action', { number: shown })} relationship="label">
      {startCall ? (
        <Button appearance="subtle" size="small" icon={<CallRegular />} onClick={() => void call(startCall)} />
      ) : (
        <Button as="a" href={`tel:${phone}`} appearance="subtle" size="small" icon={<CallRegular />} />
      )}
    </Tooltip>
  );
}
