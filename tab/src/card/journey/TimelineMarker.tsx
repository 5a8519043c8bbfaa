import { makeStyles, mergeClasses, shorthands, Text, tokens } from '@fluentui/react-components';
import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../AppContext';
import { formatTime } from '../../i18n/format';
import { ChannelIcon } from '../ChannelIcon';
import { useChannelColours } from './channelColours';
import { CONTACT_SIZE, MIN_TARGET, ROWS, SESSION_SIZE, SINGLE_VISIT_SIZE } from './geometry';
import type { JourneyMarker } from './markers';
import { useVisuallyHidden } from './visuallyHidden';

/** Air between a marker and the ring of the current interaction, room for the focus outline. */
const RING_OFFSET = 8;

const useStyles = makeStyles({
  item: { position: 'absolute', top: 0, height: `${ROWS.height}px`, width: 0 },
  stem: { position: 'absolute', left: '-1px', width: '2px', backgroundColor: tokens.colorNeutralStroke2 },
  stemShown: { backgroundColor: tokens.colorNeutralForeground1 },
  button: {
    position: 'absolute',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: 0,
    border: 'none',
    backgroundColor: 'transparent',
    color: 'inherit',
    cursor: 'pointer',
    borderRadius: tokens.borderRadiusCircular,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  shape: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    boxSizing: 'border-box',
    ...shorthands.borderWidth(tokens.strokeWidthThick),
    ...shorthands.borderStyle('solid'),
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  round: { borderRadius: tokens.borderRadiusCircular },
  // An outbound message is a square: sent by us, not a conversation.
  square: { borderRadius: tokens.borderRadiusMedium, ...shorthands.borderStyle('dashed') },
  shown: { boxShadow: tokens.shadow8 },
  ring: {
    position: 'absolute',
    boxSizing: 'border-box',
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    pointerEvents: 'none',
  },
  currentLabel: {
    position: 'absolute',
    top: `${ROWS.currentLabel}px`,
    transform: 'translateX(-50%)',
    whiteSpace: 'nowrap',
    color: tokens.colorBrandForeground1,
  },
});

export interface TimelineMarkerProps {
  marker: JourneyMarker;
  /** Everything the marker shows, in words: its accessible name. */
  label: string;
  /** Where the marker is centred, as a share of the track. */
  left: string;
  current: boolean;
  /** Its details are the ones shown below the timeline. */
  shown: boolean;
  /** Roving-focus wiring (ref, tabIndex, focus and key handlers). */
  focus: Pick<ComponentProps<'button'>, 'tabIndex' | 'onFocus' | 'onKeyDown'> & { ref: (element: HTMLElement | null) => void };
  onHover(): void;
}

/** One marker on the timeline: a browsing session above the axis, an interaction or sent message below. */
export function TimelineMarker({ marker, label, left, current, shown, focus, onHover }: TimelineMarkerProps) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const colours = useChannelColours();
  const hidden = useVisuallyHidden();
  const web = marker.kind === 'session';
  const size = web ? (marker.visits.length > 1 ? SESSION_SIZE : SINGLE_VISIT_SIZE) : CONTACT_SIZE;
  const target = Math.max(size, MIN_TARGET);
  const centre = web ? ROWS.web : ROWS.contact;
  const channel = web ? 'web' : marker.kind === 'interaction' ? marker.interaction.channel : marker.message.channel;
  const [stemTop, stemBottom] = web ? [centre + size / 2, ROWS.axis] : [ROWS.axis, centre - size / 2];
  return (
    <li className={styles.item} style={{ left }}>
      <span aria-hidden="true" className={mergeClasses(styles.stem, shown && styles.stemShown)} style={{ top: stemTop, height: stemBottom - stemTop }} />
      {current && (
        <span aria-hidden="true" className={styles.ring} style={{ top: centre - size / 2 - RING_OFFSET, left: -size / 2 - RING_OFFSET, width: size + 2 * RING_OFFSET, height: size + 2 * RING_OFFSET }} />
      )}
      <button
        type="button"
        aria-label={label}
        className={styles.button}
        style={{ top: centre - target / 2, left: -target / 2, width: target, height: target }}
        onMouseEnter={onHover}
        {...focus}
      >
        <span
          aria-hidden="true"
          className={mergeClasses(styles.shape, marker.kind === 'sent' ? styles.square : styles.round, colours[channel], shown && styles.shown)}
          style={{ width: size, height: size }}
        >
          {web ? (marker.visits.length > 1 ? marker.visits.length : null) : <ChannelIcon channel={channel} />}
        </span>
      </button>
      {current && <Text size={200} weight="semibold" aria-hidden="true" className={styles.currentLabel}>{t('timeline.current')}</Text>}
      {web && (
        // The pages behind a session, for screen readers reading the list; the picture only counts them.
        <ol className={hidden.root}>
          {marker.visits.map((v, i) => (
            <li key={i}>{`${v.title ?? v.url}, ${formatTime(v.visitedAt, locale)}`}</li>
          ))}
        </ol>
      )}
    </li>
  );
}
