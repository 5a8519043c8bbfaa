import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followContact } from '../api/live';
import type { CustomerCardData } from '../api/types';
import { useApp } from '../AppContext';
import { CustomerCard } from '../card/CustomerCard';
import { ErrorMessage } from './ErrorMessage';

/**
 * A contact's card, opened from a search or a list of matches, kept live like an interaction's:
 * edits, notes, merges, deletions and re-attached interactions show as they happen. When another
 * agent merges it into another card, the agent is told and offered that card rather than being
 * switched under their eyes; a merge they make themselves shows the card that survived at once.
 */
export function ContactView({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [followed, setFollowed] = useState(contactId);
  const [latest, setLatest] = useState<CustomerCardData | null>(null);
  /** The card the agent is looking at (its id and name); null until the first card arrives. */
  const [shown, setShown] = useState<{ id: string; name: string } | null>(null);
  const [deleted, setDeleted] = useState<'here' | 'elsewhere' | null>(null);
  const [connected, setConnected] = useState(true);
  const [failure, setFailure] = useState<unknown>(null);
  const [refreshing, setRefreshing] = useState(false);
  const nameOf = (card: CustomerCardData) => card.contact.name ?? t('contact.unnamed');

  const show = (card: CustomerCardData) => {
    setLatest(card);
    setShown({ id: card.contact.id, name: nameOf(card) });
  };
  useEffect(() => {
    setFollowed(contactId);
  }, [contactId]);
  useEffect(
    () =>
      followContact(api, followed, {
        onCard: (card) => {
          setLatest(card);
          setShown((s) => (s === null || s.id === card.contact.id ? { id: card.contact.id, name: nameOf(card) } : s));
        },
        onDeleted: () => setDeleted((d) => d ?? 'elsewhere'),
        onConnection: setConnected,
        onFatal: setFailure,
      }),
    [api, followed],
  );
  const refresh = () => {
    setRefreshing(true);
    api.contact(followed).then(setLatest, setFailure).finally(() => setRefreshing(false));
  };
  const open = (id: string) => {
    setLatest(null);
    setShown(null);
    setFollowed(id);
  };

  if (deleted) {
    return (
      <MessageBar intent={deleted === 'here' ? 'success' : 'warning'} role="status">
        <MessageBarBody>{t('deleteContact.deleted')}</MessageBarBody>
      </MessageBar>
    );
  }
  if (failure) return <ErrorMessage error={failure} />;
  if (!latest || !shown) return <Spinner label={t('loading')} />;
  const reconnecting = !connected && <Text role="status" size={200}>{t('live.reconnecting')}</Text>;
  if (latest.contact.id !== shown.id) {
    // Merged into another card meanwhile: say so, and let the agent move on to that card.
    const survivor = nameOf(latest);
    return (
      <MessageBar intent="warning" role="status">
        <MessageBarBody>{t('merge.done', { merged: shown.name, survivor })}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => show(latest)}>{t('live.openSurvivor', { name: survivor })}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return (
    <>
      {reconnecting}
      <CustomerCard card={latest} onRefresh={refresh} refreshing={refreshing} onDeleted={() => setDeleted('here')} onMerged={show} onOpenCard={open} />
    </>
  );
}
