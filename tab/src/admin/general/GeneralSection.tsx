import { Button, Field, makeStyles, Spinner, Text } from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../AppContext';
import { ErrorMessage } from '../../views/ErrorMessage';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';
import { RegionCombobox } from './RegionCombobox';

const useStyles = makeStyles({
  field: { maxWidth: '40rem' },
});

/** Tenant-wide settings (ADMIN-2): the default phone region. */
export function GeneralSection() {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const settings = useLoaded(() => api.adminSettings());
  const [region, setRegion] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  if (!settings.data) return settings.loadError ? <ErrorMessage error={settings.loadError} /> : <Spinner label={t('loading')} />;
  const chosen = region ?? settings.data.defaultPhoneRegion;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = await api.saveSettings({ defaultPhoneRegion: chosen });
      settings.setData(saved);
      setRegion(null);
      const name = new Intl.DisplayNames([i18n.language], { type: 'region' }).of(saved.defaultPhoneRegion) ?? saved.defaultPhoneRegion;
      confirm(t('admin.general.saved', { region: name }));
    } catch (e) {
      setError(e);
    }
    setSaving(false);
  };

  return (
    <form className={styles.root} onSubmit={(e) => void save(e)}>
      <Text className={styles.intro}>{t('admin.general.intro')}</Text>
      <Field className={styles.field} label={t('admin.general.region')} hint={t('admin.general.regionHint')}>
        <RegionCombobox value={chosen} onChange={setRegion} />
      </Field>
      {error !== null && <ErrorMessage error={error} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={saving || chosen === settings.data.defaultPhoneRegion}>
          {t('admin.save')}
        </Button>
      </div>
    </form>
  );
}
