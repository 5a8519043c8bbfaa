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
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmData } from '../api/types';
import { useApp } from '../AppContext';
import { ErrorMessage } from '../views/ErrorMessage';

const TYPES = ['case', 'contact', 'lead'] as const;
type RecordType = (typeof TYPES)[number];
const FIELDS: Record<RecordType, string[]> = {
  case: ['subject', 'description'],
  contact: ['firstName', 'lastName', 'email', 'phone'],
  lead: ['firstName', 'lastName', 'company', 'email', 'phone'],
};

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

export interface CreateRecordDialogProps {
  interactionId: string;
  /** What the card knows, to pre-fill the form. */
  prefill: { name?: string | null; email?: string; phone?: string; contactId?: string };
  onClose(): void;
  onCreated(links: CrmData['links']): void;
}

/** Create new (CRM-6): pick a type, fill the form (pre-filled from the card), save; it opens in the CRM. */
export function CreateRecordDialog({ interactionId, prefill, onClose, onCreated }: CreateRecordDialogProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const [first, ...rest] = (prefill.name ?? '').split(' ');
  const [type, setType] = useState<RecordType>('case');
  const [values, setValues] = useState<Record<string, string>>({
    firstName: first ?? '', lastName: rest.join(' '), email: prefill.email ?? '', phone: prefill.phone ?? '', company: '',
    subject: '', description: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const fields = Object.fromEntries(FIELDS[type].map((f) => [f, values[f] ?? '']));
    if (type === 'case' && prefill.contactId) fields.contactId = prefill.contactId;
    try {
      const { record, links } = await api.createRecord(interactionId, { type, fields });
      onCreated(links);
      window.open(record.url, '_blank', 'noopener');
      onClose();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={(e) => void save(e)}>
          <DialogBody>
            <DialogTitle>{t('crm.create.title')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('crm.create.type')}>
                <RadioGroup layout="horizontal" value={type} onChange={(_e, d) => setType(d.value as RecordType)}>
                  {TYPES.map((ty) => <Radio key={ty} value={ty} label={t(`crm.type.${ty}`)} />)}
                </RadioGroup>
              </Field>
              {FIELDS[type].map((f) => (
                <Field key={f} label={t(`crm.create.field.${f}`)} required={f === 'subject' || f === 'lastName' || (type === 'lead' && f === 'company')}>
                  {f === 'description' ? (
                    <Textarea value={values[f]} onChange={(_e, d) => setValues({ ...values, [f]: d.value })} />
                  ) : (
                    <Input value={values[f]} onChange={(_e, d) => setValues({ ...values, [f]: d.value })} />
                  )}
                </Field>
              ))}
              {error !== null && <ErrorMessage error={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('merge.cancel')}</Button>
              <Button type="submit" appearance="primary" disabled={saving}>{t('crm.create.save')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
