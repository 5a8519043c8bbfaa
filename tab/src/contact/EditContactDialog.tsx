import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Text,
  Toast,
  ToastTitle,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { ContactEdit, CustomerCardData } from '../api/types';
import { useApp } from '../AppContext';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';
import { CustomFieldInputs } from './CustomFieldInput';
import { IdentifierList } from './IdentifierList';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface EditContactDialogProps {
  card: CustomerCardData;
  onClose(): void;
  onSaved(): void;
}

/**
 * Edit contact (FIELD-1), pre-filled: name, phone numbers, e-mail addresses and the custom fields
 * agents may edit. The server checks everything; its problems show beside the inputs they name.
 */
export function EditContactDialog({ card, onClose, onSaved }: EditContactDialogProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const styles = useStyles();
  const { contact } = card;
  const editable = card.fields.filter((f) => f.editable);
  const valuesOf = (kind: string) => contact.identifiers.filter((i) => i.kind === kind).map((i) => i.value);
  const [name, setName] = useState(contact.name ?? '');
  const [phones, setPhones] = useState(() => valuesOf('phone'));
  const [emails, setEmails] = useState(() => valuesOf('email'));
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(editable.map((f) => [f.ident, f.value ?? ''])));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  // Lines left empty are removed; the server's field names count only the lines sent.
  const sentPhones = filled(phones);
  const sentEmails = filled(emails);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const edit: ContactEdit = {
      ...(name.trim() !== '' || contact.name !== null ? { name } : {}),
      phones: sentPhones.map(([value]) => value),
      emails: sentEmails.map(([value]) => value),
      fields: values,
    };
    try {
      await api.editContact(contact.id, edit);
      dispatchToast(<Toast><ToastTitle>{t('editContact.saved', { name: name.trim() || t('contact.unnamed') })}</ToastTitle></Toast>, { intent: 'success', politeness: 'polite' });
      onSaved();
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) }));
      setSaving(false);
    }
  };

  // The server names the input at fault; the message is ours, in the user's language.
  const faults = error?.problem.errors ?? [];
  const messageAt = (field: string, message: () => string) => (faults.some((f) => f.field === field) ? (error?.problem.status === 409 ? t('editContact.taken') : message()) : undefined);
  const lineFault = (kind: 'phones' | 'emails', sent: Array<[string, number]>, message: string) => (line: number) => {
    const index = sent.findIndex(([, original]) => original === line);
    return index < 0 ? undefined : messageAt(`${kind}.${index}`, () => message);
  };
  const known = new Set(['name', ...sentPhones.map((_, i) => `phones.${i}`), ...sentEmails.map((_, i) => `emails.${i}`), ...editable.map((f) => `fields.${f.ident}`)]);
  const unplaced = error && !faults.some((f) => known.has(f.field));

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        {/* The server checks; its messages come in the Teams language, the browser's own in the browser's. */}
        <form noValidate onSubmit={(e) => void save(e)}>
          <DialogBody>
            <DialogTitle>{t('editContact.title', { name: contact.name ?? t('contact.unnamed') })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('contact.name')} required={contact.name !== null} validationMessage={messageAt('name', () => t('create.invalid.name'))}>
                <Input value={name} onChange={(_e, d) => setName(d.value)} />
              </Field>
              <IdentifierList
                kind="phone" heading={t('editContact.phones')} label={t('contact.phone')} addLabel={t('editContact.addPhone')}
                values={phones} onChange={setPhones} faultAt={lineFault('phones', sentPhones, t('create.invalid.phone'))}
              />
              <IdentifierList
                kind="email" heading={t('editContact.emails')} label={t('contact.email')} addLabel={t('editContact.addEmail')}
                values={emails} onChange={setEmails} faultAt={lineFault('emails', sentEmails, t('create.invalid.email'))}
              />
              {editable.length > 0 && (
                <div className={styles.group} role="group" aria-labelledby="edit-contact-fields">
                  <Text id="edit-contact-fields" weight="semibold">{t('section.fields')}</Text>
                  <CustomFieldInputs fields={editable} values={values} onChange={setValues} refused={(field) => faults.some((f) => f.field === field)} />
                </div>
              )}
              {unplaced && <ErrorMessage error={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('editContact.cancel')}</Button>
              <Button type="submit" appearance="primary" disabled={saving}>{t('editContact.save')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The non-empty lines with their line numbers. */
function filled(lines: string[]): Array<[string, number]> {
  return lines.flatMap((value, line): Array<[string, number]> => (value.trim() === '' ? [] : [[value, line]]));
}
