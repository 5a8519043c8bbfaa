import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Toast,
  ToastTitle,
  useToastController,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';

export interface DeleteContactDialogProps {
  contact: { id: string; name: string };
  onClose(): void;
  onDeleted(): void;
}

/** Delete contact, once confirmed: says what goes and what stays. */
export function DeleteContactDialog({ contact, onClose, onDeleted }: DeleteContactDialogProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);

  const confirm = async () => {
    setDeleting(true);
    setError(null);
    try {
      await api.deleteContact(contact.id);
      dispatchToast(<Toast><ToastTitle>{t('deleteContact.done', { name: contact.name })}</ToastTitle></Toast>, { intent: 'success', politeness: 'polite' });
      onClose();
      onDeleted();
    } catch (e) {
      setError(e);
      setDeleting(false);
    }
  };

  return (
    <Dialog open modalType="alert" onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('deleteContact.title', { name: contact.name })}</DialogTitle>
          <DialogContent>
            {t('deleteContact.body')}
            {error !== null && <ErrorMessage error={error} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('deleteContact.cancel')}</Button>
            <Button appearance="primary" onClick={() => void confirm()} disabled={deleting}>{t('deleteContact.confirm')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
