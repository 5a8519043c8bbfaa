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
  Switch,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { FieldDefinitionData, FieldSettings, FieldType, LabelLanguage } from '../../api/types';
import { useApp } from '../../AppContext';
import { fieldLabel } from '../../i18n/format';
import { LANGUAGES } from '../../i18n/i18n';
import { ErrorMessage } from '../../views/ErrorMessage';
import { LazyCardPreview } from './LazyCardPreview';

const TYPES: FieldType[] = ['text', 'email', 'dropdown'];
const SWITCHES = ['visibleInPanel', 'editable', 'visibleOnCard'] as const;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  labels: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))', gap: tokens.spacingVerticalS },
  switches: { display: 'flex', flexDirection: 'column' },
});

export interface FieldDialogProps {
  /** The field to edit; null to add one. */
  field: FieldDefinitionData | null;
  /** All fields, for the chat card preview with this one as it is being edited. */
  fields: FieldDefinitionData[];
  onClose(): void;
  onSaved(field: FieldDefinitionData): void;
}

/** Add or edit a custom field: ident (fixed once created), labels per language, type, options, switches. */
export function FieldDialog({ field, fields, onClose, onSaved }: FieldDialogProps) {
  const { t, i18n } = useTranslation();
  const { api, locale } = useApp();
  const styles = useStyles();
  const [ident, setIdent] = useState(field?.ident ?? '');
  const [labels, setLabels] = useState<Record<LabelLanguage, string>>(() => ({ en: '', ja: '', fr: '', de: '', sv: '', ...field?.labels }));
  const [type, setType] = useState<FieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState(field?.options.join('\n') ?? '');
  const [switches, setSwitches] = useState({ visibleInPanel: field?.visibleInPanel ?? true, editable: field?.editable ?? true, visibleOnCard: field?.visibleOnCard ?? false });
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const languageName = new Intl.DisplayNames([locale], { type: 'language' });

  const settings: FieldSettings = {
    labels,
    type,
    options: type === 'dropdown' ? options.split('\n').map((o) => o.trim()).filter(Boolean) : [],
    ...switches,
  };
  // The chat card with this field as it stands in the form; labels left empty read as the English one, as once saved.
  const draft: FieldDefinitionData = {
    ident: field?.ident ?? (ident || '-'),
    position: field?.position ?? fields.length + 1,
    retiredAt: field?.retiredAt ?? null,
    ...settings,
    labels: { ...Object.fromEntries(Object.entries(labels).filter(([, label]) => label.trim())), en: labels.en },
  };
  const previewed = field ? fields.map((f) => (f.ident === field.ident ? draft : f)) : [...fields, draft];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = field ? await api.editField(field.ident, settings) : await api.createField({ ident, ...settings });
      onClose();
      onSaved(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) }));
      setSaving(false);
    }
  };

  // The server names the input at fault; the message is ours, in the user's language.
  const faults = error?.problem.errors ?? [];
  const faultAt = (prefix: string, message: string) => (faults.some((f) => f.field === prefix || f.field.startsWith(`${prefix}.`)) ? message : undefined);
  const identMessage = faultAt('ident', t(error?.problem.status === 409 ? 'admin.fields.invalid.identTaken' : 'admin.fields.invalid.ident'));
  const unplaced = error && !faults.some((f) => /^(ident|labels\.en|options)(\.|$)/.test(f.field));

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        {/* The server checks; its messages come in the Teams language, the browser's own in the browser's. */}
        <form noValidate onSubmit={(e) => void save(e)}>
          <DialogBody>
            <DialogTitle>{field ? t('admin.fields.editTitle', { label: fieldLabel(field.labels, i18n.language) }) : t('admin.fields.createTitle')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('admin.fields.ident')} required={!field} hint={field ? t('admin.fields.identFixed') : t('admin.fields.identHint')} validationMessage={identMessage}>
                <Input value={ident} onChange={(_e, d) => setIdent(d.value)} readOnly={field !== null} />
              </Field>
              <div className={styles.labels}>
                {LANGUAGES.map((language) => (
                  <Field
                    key={language}
                    label={t('admin.fields.labelIn', { language: languageName.of(language) })}
                    required={language === 'en'}
                    validationMessage={language === 'en' ? faultAt('labels.en', t('admin.fields.invalid.label')) : undefined}
                  >
                    <Input lang={language} value={labels[language]} onChange={(_e, d) => setLabels({ ...labels, [language]: d.value })} />
                  </Field>
                ))}
              </div>
              <Field label={t('admin.fields.type')}>
                <RadioGroup layout="horizontal" value={type} onChange={(_e, d) => setType(d.value as FieldType)}>
                  {TYPES.map((ty) => <Radio key={ty} value={ty} label={t(`customFields.type.${ty}`)} />)}
                </RadioGroup>
              </Field>
              {type === 'dropdown' && (
                <Field label={t('admin.fields.options')} required hint={t('admin.fields.optionsHint')} validationMessage={faultAt('options', t('admin.fields.invalid.options'))}>
                  <Textarea value={options} onChange={(_e, d) => setOptions(d.value)} resize="vertical" rows={4} />
                </Field>
              )}
              <div className={styles.switches}>
                {SWITCHES.map((name) => (
                  <Switch key={name} label={t(`admin.fields.switch.${name}`)} checked={switches[name]} onChange={(_e, d) => setSwitches({ ...switches, [name]: d.checked })} />
                ))}
              </div>
              {unplaced && <ErrorMessage error={error} />}
              <LazyCardPreview fields={previewed} headingLevel={3} />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('admin.fields.cancel')}</Button>
              <Button type="submit" appearance="primary" disabled={saving}>{t('admin.fields.save')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
