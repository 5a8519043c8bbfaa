import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IdentifierData, SentMessageData } from '../api/types';
import { useApp } from '../AppContext';
import { ChannelIcon } from '../card/ChannelIcon';
import { displayIdentifier, formatDateTime } from '../i18n/format';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  when: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
  text: { display: 'block', whiteSpace: 'pre-line', overflowWrap: 'anywhere', paddingLeft: tokens.spacingHorizontalXXL },
  notSent: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/**
 * Messages agents sent the customer (OUT-1), newest first: to whom, by whom, and whether it went. A
 * refused one reads as such: "Not sent — <the provider's reason>", attempted (not sent) by the agent.
 * The recipient reads as on the card (`identifiers`: the contact's, which name it as people write it).
 */
export function SentMessages({ messages, identifiers = [] }: { messages: SentMessageData[]; identifiers?: IdentifierData[] }) {
  const { t } = useTranslation();
  const recipient = (to: string) => displayIdentifier(identifiers.find((i) => i.value === to) ?? { value: to });
  const { locale } = useApp();
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {messages.map((m) => (
        <li key={m.id}>
          <div className={styles.head}>
            <ChannelIcon channel={m.channel} />
            <Text weight="semibold">{t(`message.history.${m.channel}`, { to: recipient(m.to) })}</Text>
            {/* The failed status is read out in the text below; the badge is for the eye. */}
            {m.status === 'failed' && <Badge appearance="filled" color="danger" aria-hidden="true">{t('message.status.failed')}</Badge>}
            {m.status === 'sending' && <Badge appearance="tint" color="warning">{t('message.status.sending')}</Badge>}
            <Text size={200} className={styles.when}>{formatDateTime(m.sentAt ?? m.createdAt, locale)}</Text>
          </div>
          <Text size={200} className={styles.text}>
            {m.status === 'failed' && (
              <><span className={styles.notSent}>{m.failure ? t('message.history.notSent', { reason: m.failure }) : t('message.status.failed')}</span><br /></>
            )}
            {t(m.status === 'failed' ? 'message.history.attemptedBy' : 'message.history.by', { name: m.senderName })}
            {m.subject && <><br /><strong>{m.subject}</strong></>}
            <br />{m.text}
            {m.status !== 'failed' && m.failure && <><br />{m.failure}</>}
          </Text>
        </li>
      ))}
    </ul>
  );
}
