import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { InteractionData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';
import { ChannelIcon } from './ChannelIcon';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', padding: `${tokens.spacingVerticalXS} 0` },
  when: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
});

/** The contact's other interactions, newest first. */
export function RelatedInteractions({ interactions, emptyText }: { interactions: InteractionData[]; emptyText?: string }) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  if (interactions.length === 0) return <Text>{emptyText ?? t('related.none')}</Text>;
  return (
    <ul className={styles.list}>
      {interactions.map((i) => (
        <li key={i.id} className={styles.item}>
          <ChannelIcon channel={i.channel} />
          <Text>{t(`channel.${i.channel}`)}</Text>
          <Text size={200}>{t(`state.${i.state}`)}</Text>
          <Text size={200} className={styles.when}>{formatDateTime(i.startedAt, locale)}</Text>
        </li>
      ))}
    </ul>
  );
}
