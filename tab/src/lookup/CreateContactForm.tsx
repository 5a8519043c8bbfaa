import { Button, Field as FluentField, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type NewContact } from '../api/client';
import { useApp } from '../AppContext';
import { CustomFieldInputs } from '../contact/CustomFieldInput';
import { useAsync } from '../views/useAsync';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '28rem' },
});

/** What Create contact starts with: what the platform provided, or what was searched for. */
export interface ProvidedContact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface CreateContactFormProps {
  provided: ProvidedContact;
  /** The interaction the new contact is attached to, if any. */
  interactionId?: string;
  onCreated(contactId: string): void;
}

/** Create contact (LOOK-3, FIELD-1): name, phone, e-mail and the custom fields agents fill in, after a lookup or a search found no one. */
export function CreateContactForm({ provided, interactionId, onCreated }: CreateContactFormProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const [form, setForm] = useState({ name: provided.name ?? '', phone: provided.phone ?? '', email: provided.email ?? '' });
  // The custom fields agents fill in; if they cannot be loaded, the contact is created without them.
  const customFields = useAsync(async () => (await api.contactFields()).fields, [api]).data ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
    const contact: NewContact = {
      name: form.name, ...(form.phone && { phone: form.phone }), ...(form.email && { email: form.email }),
      ...(Object.keys(filled).length > 0 && { fields: filled }), ...(interactionId && { interactionId }),
    };
    try {
      onCreated((await api.createContact(contact)).contact.id);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setSaving(false);
    }
  };
  // The server names the field at fault; the message is ours, in the user's language.
  const fieldError = (field: string) => (error?.problem.errors?.some((e) => e.field === field) ? t(`create.invalid.${field}`) : undefined);

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label={t('create.title')}>
      <Text as="h2" weight="semibold">{t('create.title')}</Text>
      <FluentField label={t('contact.name')} required validationMessage={fieldError('name')}>
        <Input value={form.name} onChange={(_e, d) => setForm({ ...form, name: d.value })} />
      </FluentField>
      <FluentField label={t('contact.phone')} validationMessage={fieldError('phone')}>
        <Input type="tel" value={form.phone} onChange={(_e, d) => setForm({ ...form, phone: d.value })} />
      </FluentField>
      <FluentField label={t('contact.email')} validationMessage={fieldError('email')}>
        <Input type="email" value={form.email} onChange={(_e, d) => setForm({ ...form, email: d.value })} />
      </FluentField>
      <CustomFieldInputs fields={customFields} values={values} onChange={setValues} refused={(field) => !!error?.problem.errors?.some((e) => e.field === field)} />
      {error && !error.problem.errors && (
        <MessageBar intent="error">
          <MessageBarBody>{t('error.generic.body', { detail: error.message })}</MessageBarBody>
        </MessageBar>
      )}
      <Button type="submit" appearance="primary" icon={<PersonAddRegular />} disabled={saving}>{t('create.submit')}</Button>
    </form>
  );
}
