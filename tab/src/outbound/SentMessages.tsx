import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { SentMessageData } from '../api/types';
import { useApp } from '../AppContext';
import { ChannelIcon } from '../card/ChannelIcon';
import { formatDateTime } from '../i18n/format';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  when: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
  text: { display: 'block', whiteSpace: 'pre-line', overflowWrap: 'anywhere', paddingLeft: tokens.spacingHorizontalXXL },
});

/** Messages agents sent the customer (OUT-1), newest first: to whom, by whom, and whether it went. */
export function SentMessages({ messages }: { messages: SentMessageData[] }) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {messages.map((m) => (
        <li key={m.id}>
          <div className={styles.head}>
            <ChannelIcon channel={m.channel} />
            <Text weight="semibold">{t(`message.history.${m.channel}`, { to: m.to })}</Text>
            {m.status !== 'sent' && <Badge appearance="tint" color={m.status === 'failed' ? 'danger' : 'warning'}>{t(`message.status.${m.status}`)}</Badge>}
            <Text size={200} className={styles.when}>{formatDateTime(m.sentAt ?? m.createdAt, locale)}</Text>
          </div>
          <Text size={200} className={styles.text}>
            {t('message.history.by', { name: m.senderName })}
            {m.subject && <><br /><strong>{m.subject}</strong></>}
            <br />{m.text}
            {m.failure && <><br />{m.failure}</>}
          </Text>
        </li>
      ))}
    </ul>
  );
}
