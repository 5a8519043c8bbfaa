import { Button, Field as FluentField, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type NewContact } from '../api/client';
import type { IdentifierData, InteractionData } from '../api/types';
import { useApp } from '../AppContext';
import { RelatedInteractions } from '../card/RelatedInteractions';
import { CustomFieldInputs } from '../contact/CustomFieldInput';
import { useAsync } from '../views/useAsync';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '28rem' },
});

export interface NoMatchProps {
  identifier: IdentifierData | null;
  history: InteractionData[];
  /** The contact data the platform provided, pre-filled in Create contact. */
  provided: { name?: string; phone?: string; email?: string };
  interactionId?: string;
  onCreated(contactId: string): void;
}

/** No card matches (LOOK-3): the identifier, its history, and Create contact pre-filled. */
export function NoMatch({ identifier, history, provided, interactionId, onCreated }: NoMatchProps) {
  const { t } = useTranslation();
  const { can, enabled } = useApp();
  const styles = useStyles();
  const mayCreate = can('contacts:add') && enabled('contacts.edit');
  return (
    <section className={styles.root} aria-label={t('lookup.noMatch')}>
      <Text as="h1" size={500} weight="semibold">{t('lookup.noMatch')}</Text>
      {identifier && <Text>{t(`lookup.noMatchFor.${identifier.kind}`, { value: identifier.value })}</Text>}
      <Text as="h2" weight="semibold">{t('lookup.history')}</Text>
      <RelatedInteractions interactions={history} emptyText={t('lookup.historyNone')} />
      {mayCreate && <CreateContactForm provided={provided} interactionId={interactionId} onCreated={onCreated} />}
    </section>
  );
}

/** Create contact (LOOK-3, FIELD-1): name, phone, e-mail and the custom fields agents fill in. */
function CreateContactForm({ provided, interactionId, onCreated }: Pick<NoMatchProps, 'provided' | 'interactionId' | 'onCreated'>) {
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
