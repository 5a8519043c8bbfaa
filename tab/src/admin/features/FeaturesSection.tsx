import { makeStyles, Spinner, Switch, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature } from '../../api/types';
import { useApp } from '../../AppContext';
import { ErrorMessage } from '../../views/ErrorMessage';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { display: 'flex', flexDirection: 'column' },
  // Lined up with the switch's label, past the switch itself.
  description: { color: tokens.colorNeutralForeground2, paddingLeft: `calc(40px + ${tokens.spacingHorizontalS} * 2)` },
});

/**
 * The tenant's feature switches (ADMIN-2, CRM-8). A switch saves as it is flipped, as switches do;
 * the change applies to every card opened afterwards, and the API refuses a switched-off feature.
 */
export function FeaturesSection() {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const features = useLoaded(() => api.adminFeatures().then((r) => r.features));
  const [saving, setSaving] = useState<Feature | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!features.data) return features.loadError ? <ErrorMessage error={features.loadError} /> : <Spinner label={t('loading')} />;
  const label = (feature: Feature) => t(`admin.features.switch.${feature}.label`);

  const flip = async (feature: Feature, on: boolean) => {
    setSaving(feature);
    setError(null);
    try {
      features.setData((await api.switchFeatures({ [feature]: on })).features);
      confirm(t(on ? 'admin.features.switchedOn' : 'admin.features.switchedOff', { feature: label(feature) }));
    } catch (e) {
      setError(e);
    }
    setSaving(null);
  };

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.features.intro')}</Text>
      {error !== null && <ErrorMessage error={error} />}
      <ul className={styles.list} aria-label={t('admin.features.listLabel')}>
        {(Object.entries(features.data) as Array<[Feature, boolean]>).map(([feature, on]) => (
          <li key={feature} className={styles.item}>
            <Switch
              label={label(feature)}
              checked={on}
              disabled={saving === feature}
              aria-describedby={`feature-${feature}`}
              onChange={(_e, d) => void flip(feature, d.checked)}
            />
            <Text id={`feature-${feature}`} size={200} className={styles.description}>{t(`admin.features.switch.${feature}.description`)}</Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
