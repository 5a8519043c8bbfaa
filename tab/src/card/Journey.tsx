import { Text } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCardData } from '../api/types';
import { journeyEvents } from './journey/events';
import { JourneyTimeline } from './journey/JourneyTimeline';

export interface JourneyProps {
  card: CustomerCardData;
  /** The interaction the agent is working, marked on the timeline. */
  currentInteractionId?: string;
}

/**
 * The customer journey (JOURNEY-1): the contact's web visits, interactions on every channel and the
 * messages agents sent, as a timeline; or a word that there is none yet.
 */
export function Journey({ card, currentInteractionId }: JourneyProps) {
  const { t } = useTranslation();
  const events = useMemo(() => journeyEvents(card), [card]);
  if (events.length === 0) return <Text>{t('timeline.empty')}</Text>;
  return <JourneyTimeline events={events} currentInteractionId={currentInteractionId} />;
}
