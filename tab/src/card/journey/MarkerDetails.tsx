import { Badge, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../AppContext';
import { formatDateTime, formatTime } from '../../i18n/format';
import { ChannelIcon } from '../ChannelIcon';
import type { JourneyMarker } from './markers';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, // the only outline in high contrast
    backgroundColor: tokens.colorNeutralBackground2,
  },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  // A session of a hundred pages scrolls within the card rather than pushing the rest away.
  pages: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxHeight: '20rem', overflowY: 'auto' },
  page: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) auto', columnGap: tokens.spacingHorizontalS },
  url: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface MarkerDetailsProps {
  marker: JourneyMarker;
  /** The marker's accessible name, which says it all in one line. */
  label: string;
  current: boolean;
}

/**
 * Only web pages become links: the server accepts no other URL, and a `javascript:` or `data:` one
 * stored before it checked would run in the tab when clicked.
 */
function isWebPage(url: string): boolean {
  return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
}

/** What one marker stands for, in full: the pages of a session (as links), or an interaction's facts. */
export function MarkerDetails({ marker, label, current }: MarkerDetailsProps) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  if (marker.kind === 'session') {
    return (
      <div className={styles.root}>
        <Text weight="semibold">{label}</Text>
        <ol className={styles.pages}>
          {marker.visits.map((v, i) => (
            <li key={i} className={styles.page}>
              {isWebPage(v.url) ? (
                <Link href={v.url} target="_blank" rel="noreferrer">{v.title ?? v.url}</Link>
              ) : (
                <Text>{v.title ?? v.url}</Text>
              )}
              <Text size={200} className={styles.muted}>{formatTime(v.visitedAt, locale)}</Text>
              <Text size={200} className={styles.url}>{v.url}</Text>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (marker.kind === 'sent') {
    const { message } = marker;
    return (
      <div className={styles.root}>
        <span className={styles.heading}>
          <ChannelIcon channel={message.channel} />
          <Text weight="semibold">{t('timeline.sentTo', { channel: t(`channel.${message.channel}`), to: message.to })}</Text>
        </span>
        {message.subject && <Text>{message.subject}</Text>}
        <Text size={200} className={styles.muted}>{formatDateTime(marker.at, locale)} · {message.senderName}</Text>
      </div>
    );
  }
  const { interaction } = marker;
  return (
    <div className={styles.root}>
      <span className={styles.heading}>
        <ChannelIcon channel={interaction.channel} />
        <Text weight="semibold">{t(`channel.${interaction.channel}`)}</Text>
        <Text>{t(`direction.${interaction.direction}`)}</Text>
        <Badge appearance="tint" color={interaction.state === 'ended' ? 'informative' : 'brand'}>{t(`state.${interaction.state}`)}</Badge>
        {current && <Badge appearance="filled" color="brand">{t('timeline.current')}</Badge>}
      </span>
      <Text size={200} className={styles.muted}>
        {t('timeline.startedAt', { time: formatDateTime(interaction.startedAt, locale) })}
        {interaction.agent && ` · ${interaction.agent.name ?? interaction.agent.id}`}
      </Text>
    </div>
  );
}
