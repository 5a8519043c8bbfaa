import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followInteraction } from '../api/live';
import type { ContactSummaryData, InteractionCardData } from '../api/types';
import { useApp } from '../AppContext';
import { CustomerCard } from '../card/CustomerCard';
import { MatchList } from '../lookup/MatchList';
import { NoMatch } from '../lookup/NoMatch';
import { BackBar } from './BackBar';
import { ContactView } from './ContactView';
import { ErrorMessage } from './ErrorMessage';

type Mode = { mode: 'card' } | { mode: 'list' } | { mode: 'contact'; contactId: string };

/** The card of the interaction the agent is working (CARD-1), kept live (CARD-3). */
export function InteractionView({ interactionId }: { interactionId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [data, setData] = useState<InteractionCardData | null>(null);
  const [connected, setConnected] = useState(true);
  const [failure, setFailure] = useState<unknown>(null);
  const [mode, setMode] = useState<Mode>({ mode: 'card' });
  const [refreshing, setRefreshing] = useState(false);

  useEffect(
    () => followInteraction(api, interactionId, { onCard: setData, onConnection: setConnected, onFatal: setFailure }),
    [api, interactionId],
  );

  const refresh = () => {
    setRefreshing(true);
    api.interaction(interactionId).then(setData, setFailure).finally(() => setRefreshing(false));
  };
  const attachTo = async (contactId: string) => {
    try {
      setData(await api.reattach(interactionId, contactId));
      setMode({ mode: 'card' });
    } catch (error) {
      setFailure(error);
    }
  };

  if (failure) return <ErrorMessage error={failure} />;
  if (!data) return <Spinner label={t('loading')} />;
  const reconnecting = !connected && <Text role="status" size={200}>{t('live.reconnecting')}</Text>;

  if (!data.card) {
    const { providedContact } = data.interaction;
    return (
      <>
        {reconnecting}
        <NoMatch
          identifier={data.interaction.matched}
          history={[]}
          provided={{ name: providedContact.name, phone: providedContact.phone, email: providedContact.email }}
          interactionId={interactionId}
          onCreated={() => refresh()}
        />
      </>
    );
  }

  const card = data.card;
  const matches: ContactSummaryData[] = [
    card.contact,
    ...data.candidates.map((c) => ({ ...c, identifiers: data.interaction.matched ? [data.interaction.matched] : [] })),
  ];
  const backToList = data.candidates.length > 0 && <BackBar label={t('lookup.back')} onBack={() => setMode({ mode: 'list' })} />;

  if (mode.mode === 'list') {
    return (
      <MatchList
        heading={t('lookup.several', { count: matches.length })}
        matches={matches}
        attachedId={card.contact.id}
        onPick={(contactId) => setMode(contactId === card.contact.id ? { mode: 'card' } : { mode: 'contact', contactId })}
      />
    );
  }
  if (mode.mode === 'contact') {
    return (
      <>
        {backToList}
        <MessageBar intent="info">
          <MessageBarBody>{t('candidates.notAttached', { name: card.contact.name ?? t('contact.unnamed') })}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void attachTo(mode.contactId)}>{t('candidates.attach')}</Button>
          </MessageBarActions>
        </MessageBar>
        <ContactView contactId={mode.contactId} />
      </>
    );
  }
  return (
    <>
      {backToList}
      {reconnecting}
      {data.candidates.length > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>{t('candidates.notice', { count: data.candidates.length })}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setMode({ mode: 'list' })}>{t('candidates.showAll')}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <CustomerCard card={card} current={data} onRefresh={refresh} refreshing={refreshing} />
    </>
  );
}

