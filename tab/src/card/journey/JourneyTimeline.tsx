import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../AppContext';
import { formatAxisDay } from './dates';
import { journeySummary, markerLabel } from './describe';
import type { JourneyEvent } from './events';
import { percentOf, ROWS } from './geometry';
import { layoutTimeline } from './layout';
import { journeyMarkers } from './markers';
import { MarkerDetails } from './MarkerDetails';
import { TimelineMarker } from './TimelineMarker';
import { useRovingFocus } from './useRovingFocus';
import { useScrollEdges } from './useScrollEdges';
import { useVisuallyHidden } from './visuallyHidden';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  summary: { color: tokens.colorNeutralForeground2 },
  frame: { position: 'relative' },
  // A long journey scrolls sideways rather than squeezing its markers together.
  scroller: { overflowX: 'auto', overflowY: 'hidden', paddingBottom: tokens.spacingVerticalXS },
  fade: { position: 'absolute', top: 0, bottom: 0, width: '32px', pointerEvents: 'none' },
  fadeBefore: { left: 0, backgroundImage: `linear-gradient(to right, ${tokens.colorNeutralBackground1}, transparent)` },
  fadeAfter: { right: 0, backgroundImage: `linear-gradient(to left, ${tokens.colorNeutralBackground1}, transparent)` },
  track: { position: 'relative', height: `${ROWS.height}px` },
  axis: { position: 'absolute', left: 0, right: 0, top: `${ROWS.axis - 1}px`, height: '2px', backgroundColor: tokens.colorNeutralStroke1 },
  tick: { position: 'absolute', top: `${ROWS.dayLabel + 16}px`, height: `${ROWS.axis - ROWS.dayLabel - 16}px`, borderLeft: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}` },
  dayLabel: { position: 'absolute', top: `${ROWS.dayLabel}px`, whiteSpace: 'nowrap', color: tokens.colorNeutralForeground3 },
  markers: { listStyle: 'none', margin: 0, padding: 0, position: 'absolute', inset: 0 },
});

export interface JourneyTimelineProps {
  /** At least one, oldest first. */
  events: JourneyEvent[];
  /** The interaction the agent is working, marked on the timeline. */
  currentInteractionId?: string;
}

/**
 * The journey as a picture: web browsing sessions above the axis, interactions on every channel and
 * the messages agents sent below it, oldest on the left. The markers are a labelled list in time
 * order for screen readers, reached with the arrow keys; the focused or hovered marker's details,
 * links included, show below the picture.
 */
export function JourneyTimeline({ events, currentInteractionId }: JourneyTimelineProps) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const hidden = useVisuallyHidden();
  const summaryId = useId();
  const hintId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const markers = useMemo(() => journeyMarkers(events), [events]);
  const layout = useMemo(() => layoutTimeline(markers), [markers]);
  const currentKey = markers.find((m) => m.kind === 'interaction' && m.interaction.id === currentInteractionId)?.key;
  const { active, itemProps, elementOf } = useRovingFocus(markers.map((m) => m.key), currentKey ?? markers.at(-1)?.key);
  const [hovered, setHovered] = useState<string>();
  const edges = useScrollEdges(scroller);

  // Opens on the current interaction (or the latest event): the recent end is what the agent needs.
  useLayoutEffect(() => {
    const element = active === undefined ? undefined : elementOf(active);
    if (!scroller.current || !element) return;
    const box = scroller.current.getBoundingClientRect();
    const marker = element.getBoundingClientRect();
    scroller.current.scrollLeft += marker.left + marker.width / 2 - (box.left + box.width / 2);
  }, []); // only when the timeline opens, never again while the agent scrolls

  const shown = markers.find((m) => m.key === (hovered ?? active)) ?? markers.at(-1)!;
  const labelOf = (marker: (typeof markers)[number]) => markerLabel(marker, currentInteractionId, t, locale);

  return (
    <div className={styles.root}>
      <Text id={summaryId} size={200} className={styles.summary}>{journeySummary(events, t, locale)}</Text>
      <span id={hintId} className={hidden.root}>{t('timeline.hint')}</span>
      <div className={styles.frame}>
        <div ref={scroller} className={styles.scroller} onScroll={edges.update}>
          <div className={styles.track} style={{ minWidth: layout.width }} onMouseLeave={() => setHovered(undefined)}>
            <div aria-hidden="true">
              <div className={styles.axis} />
              {layout.days.map((day) => (
                <div key={day.at}>
                  <span className={styles.tick} style={{ left: percentOf(day.x, layout.width) }} />
                  <Text size={200} className={styles.dayLabel} style={{ left: `calc(${percentOf(day.x, layout.width)} + 4px)` }}>
                    {formatAxisDay(day.at, locale)}
                  </Text>
                </div>
              ))}
            </div>
            <ol className={styles.markers} aria-labelledby={summaryId} aria-describedby={hintId}>
              {markers.map((marker, i) => (
                <TimelineMarker
                  key={marker.key}
                  marker={marker}
                  label={labelOf(marker)}
                  left={percentOf(layout.x[i]!, layout.width)}
                  current={marker.key === currentKey}
                  shown={marker === shown}
                  focus={itemProps(marker.key)}
                  onHover={() => setHovered(marker.key)}
                />
              ))}
            </ol>
          </div>
        </div>
        {edges.before && <span aria-hidden="true" className={mergeClasses(styles.fade, styles.fadeBefore)} />}
        {edges.after && <span aria-hidden="true" className={mergeClasses(styles.fade, styles.fadeAfter)} />}
      </div>
      <MarkerDetails marker={shown} label={labelOf(shown)} current={shown.key === currentKey} />
    </div>
  );
}
