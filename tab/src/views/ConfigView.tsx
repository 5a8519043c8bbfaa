import { Text } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';

/** The configuration page Teams shows when the tab is added to a chat, channel or meeting. */
export function ConfigView() {
  const { t } = useTranslation();
  const { host } = useApp();
  useEffect(() => {
    host.enableTabConfiguration?.(`${window.location.origin}/tab?inTeams=true`, t('config.tabName'));
  }, [host, t]);
  return (
    <section aria-label={t('config.title')}>
      <Text as="h1" size={500} weight="semibold" block>{t('config.title')}</Text>
      <Text block>{host.enableTabConfiguration ? t('config.body') : t('config.outsideTeams')}</Text>
    </section>
  );
}
