import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { InteractionCardData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime, formatDuration, formatTime } from '../i18n/format';
import { CrmRecords } from '../crm/CrmRecords';
import { ChannelIcon } from './ChannelIcon';
import { Field } from './Field';

const useStyles = makeStyles({
  messages: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  message: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, // the only outline in high contrast
    maxWidth: '85%',
  },
  inbound: { backgroundColor: tokens.colorNeutralBackground3, alignSelf: 'flex-start' },
  outbound: { backgroundColor: tokens.colorBrandBackground2, alignSelf: 'flex-end' },
  meta: { display: 'block', color: tokens.colorNeutralForeground3 },
  channel: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  crmHeading: { marginTop: tokens.spacingVerticalS },
});

/** The interaction being worked, with its messages as they arrive (CARD-3). */
export function CurrentInteraction({ data }: { data: InteractionCardData }) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const { interaction, messages } = data;
  return (
    <div>
      <Field label={t('interaction.channel')}>
        <span className={styles.channel}>
          <ChannelIcon channel={interaction.channel} />
          {t(`channel.${interaction.channel}`)}
        </span>
      </Field>
      <Field label={t('interaction.state')}>
        <Badge appearance="tint" color={interaction.state === 'ended' ? 'informative' : 'brand'}>{t(`state.${interaction.state}`)}</Badge>
      </Field>
      <Field label={t('interaction.agent')}>{interaction.agent?.name ?? interaction.agent?.id ?? ''}</Field>
      <Field label={t('interaction.division')}>{interaction.division}</Field>
      <Field label={t('interaction.started')}>{formatDateTime(interaction.startedAt, locale)}</Field>
      <Field label={t('interaction.duration')}>{interaction.endedAt ? formatDuration(interaction.startedAt, interaction.endedAt, locale) : ''}</Field>
      <Text as="h3" weight="semibold" block className={styles.crmHeading}>{t('crm.title')}</Text>
      <CrmRecords
        interactionId={interaction.id}
        version={data} // a new card on every change (the live card carries its CRM record's state) and on Refresh
        prefill={{
          name: data.card?.contact.name,
          email: data.card?.contact.identifiers.find((i) => i.kind === 'email')?.value,
          phone: data.card?.contact.identifiers.find((i) => i.kind === 'phone')?.value,
        }}
      />
      {messages.length > 0 && (
        <ol className={styles.messages} aria-label={t('interaction.messages')} aria-live="polite">
          {messages.map((m) => (
            <li key={m.id} className={`${styles.message} ${m.direction === 'inbound' ? styles.inbound : styles.outbound}`}>
              {m.subject && <Text weight="semibold" block>{m.subject}</Text>}
              <Text block>{m.text}</Text>
              <Text size={200} className={styles.meta}>
                {t(`direction.${m.direction}`)} · {formatTime(m.sentAt, locale)}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
