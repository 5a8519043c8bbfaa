import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Avatar, Badge, CounterBadge, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, EditRegular, MergeRegular, SendRegular } from '@fluentui/react-icons';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCardData, InteractionCardData } from '../api/types';
import { useApp } from '../AppContext';
import { CardActions, type CardAction } from './CardActions';
import { ContactDetails } from './ContactDetails';
import { CurrentInteraction } from './CurrentInteraction';
import { CustomFields, shownInPanel } from './CustomFields';
import { DuplicateHints } from './DuplicateHints';
import { identifiersLine } from '../merge/identifiersLine';
import type { MergeCard } from '../merge/MergeDialog';
import { MergeHistory } from './MergeHistory';
import { RelatedInteractions } from './RelatedInteractions';

// Loaded when first opened, not before the card's first render (the tab's JavaScript budget).
const MergeDialog = lazy(() => import('../merge/MergeDialog').then((m) => ({ default: m.MergeDialog })));
const EditContactDialog = lazy(() => import('../contact/EditContactDialog').then((m) => ({ default: m.EditContactDialog })));
// Sections closed at first load with the section, when opened.
const SentMessages = lazy(() => import('../outbound/SentMessages').then((m) => ({ default: m.SentMessages })));
const Journey = lazy(() => import('./Journey').then((m) => ({ default: m.Journey })));
const Notes = lazy(() => import('../notes/Notes').then((m) => ({ default: m.Notes })));
const SendMessageDialog = lazy(() => import('../outbound/SendMessageDialog').then((m) => ({ default: m.SendMessageDialog })));
const DeleteContactDialog = lazy(() => import('../contact/DeleteContactDialog').then((m) => ({ default: m.DeleteContactDialog })));

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalM} 0` },
  // The name takes the room it needs first (flex-basis auto); the actions get the rest. A name
  // longer than the panel wraps rather than being cut.
  title: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: '0 1 auto' },
  name: { overflowWrap: 'anywhere' },
  sectionTitle: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

export interface CustomerCardProps {
  card: CustomerCardData;
  /** The interaction the agent is working, when the card was opened from one. */
  current?: InteractionCardData;
  onRefresh(): void;
  refreshing?: boolean;
  /** After the contact was deleted; by default the card is refreshed. */
  onDeleted?(): void;
  /** After a merge, with the card that survived (perhaps the other one); by default the card is refreshed. */
  onMerged?(survivor: CustomerCardData): void;
  /** Opens another card: the one a card was merged into meanwhile. */
  onOpenCard?(contactId: string): void;
}

type OpenDialog = 'merge' | 'edit' | 'delete' | 'message' | null;

/** A section's title with a count beside it; the count is read out in words ("3 notes"). */
function SectionTitle({ title, count, countLabel }: { title: string; count: number; countLabel: string }) {
  const styles = useStyles();
  return (
    <span className={styles.sectionTitle}>
      {title}
      {count > 0 && <CounterBadge count={count} size="small" appearance="ghost" color="informative" aria-label={countLabel} />}
    </span>
  );
}

/**
 * The customer card (CARD-1 … CARD-5): a header with Refresh, Send a message, Edit, Merge and Delete (each offered
 * only when allowed), then expandable sections.
 */
export function CustomerCard({ card, current, onRefresh, refreshing, onDeleted = onRefresh, onMerged = onRefresh, onOpenCard }: CustomerCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  /** The card a duplicate hint's Review merge opened the merge dialog with. */
  const [mergeWith, setMergeWith] = useState<MergeCard | undefined>();
  const { can, enabled } = useApp();
  const mayMerge = can('contacts:merge') || can('identity:merge');
  const mayEdit = can('contacts:edit') && enabled('contacts.edit');
  const mayDelete = can('contacts:delete') && enabled('contacts.edit');
  const mayMessage = enabled('outbound.messages') && card.contact.identifiers.some((i) => i.kind === 'phone' || i.kind === 'email');
  const { contact } = card;
  const name = contact.name ?? t('contact.unnamed');
  const related = card.interactions.filter((i) => i.id !== current?.interaction.id);
  const sections: Array<[string, ReactNode, ReactNode]> = [
    ['details', t('section.details'), <ContactDetails contact={contact} />],
    ...(current ? [['current', t('section.current'), <CurrentInteraction data={current} />] as [string, ReactNode, ReactNode]] : []),
    ['related', t('section.related'), <RelatedInteractions interactions={related} withCrm />],
    ...(shownInPanel(card.fields).length > 0 ? [['fields', t('section.fields'), <CustomFields fields={card.fields} />] as [string, ReactNode, ReactNode]] : []),
    ...(card.sentMessages.length > 0 ? [['sent', t('section.sent'), <SentMessages messages={card.sentMessages} identifiers={contact.identifiers} />] as [string, ReactNode, ReactNode]] : []),
    // Folded by default: the count tells the agent whether opening it is worth it.
    ['notes', <SectionTitle title={t('section.notes')} count={card.notes.length} countLabel={t('section.notesCount', { count: card.notes.length })} />, <Notes contactId={contact.id} notes={card.notes} onChanged={onRefresh} />],
    ...(can('journey:view') ? [['journey', t('section.journey'), <Journey card={card} currentInteractionId={current?.interaction.id} />] as [string, ReactNode, ReactNode]] : []),
    ...(card.merges.length > 0
      ? [['merges', <SectionTitle title={t('section.merges')} count={card.merges.length} countLabel={t('section.mergesCount', { count: card.merges.length })} />, <MergeHistory contactId={contact.id} merges={card.merges} fields={card.fields} onChanged={onRefresh} />] as [string, ReactNode, ReactNode]]
      : []),
  ];

  const actions: CardAction[] = [
    { id: 'refresh', label: t('card.refresh'), icon: <ArrowClockwiseRegular />, onSelect: onRefresh, busy: refreshing },
    ...(mayMessage ? [{ id: 'message', label: t('message.open'), icon: <SendRegular />, onSelect: () => setDialog('message') }] : []),
    ...(mayEdit ? [{ id: 'edit', label: t('editContact.open'), icon: <EditRegular />, onSelect: () => setDialog('edit') }] : []),
    ...(mayMerge ? [{ id: 'merge', label: t('card.merge'), icon: <MergeRegular />, onSelect: () => setDialog('merge'), labelled: true }] : []),
    ...(mayDelete ? [{ id: 'delete', label: t('deleteContact.open'), icon: <DeleteRegular />, onSelect: () => setDialog('delete') }] : []),
  ];

  return (
    <article aria-label={t('card.label', { name })}>
      <header className={styles.header}>
        <Avatar name={name} size={48} color="colorful" aria-hidden="true" />
        <div className={styles.title}>
          <Text as="h1" size={500} weight="semibold" className={styles.name}>{name}</Text>
          <span>
            <Badge appearance="outline" size="small">{t(`contactType.${contact.type}`)}</Badge>
          </span>
        </div>
        <CardActions actions={actions} />
      </header>
      <DuplicateHints contactId={contact.id} hints={card.duplicateHints ?? []} onReview={(other) => { setMergeWith(other); setDialog('merge'); }} onDismissed={onRefresh} />
      <Accordion multiple collapsible defaultOpenItems={['details', 'current', 'related', 'fields', 'merges']}>
        {sections.map(([value, title, body]) => (
          <AccordionItem key={value} value={value}>
            <AccordionHeader as="h2">{title}</AccordionHeader>
            <AccordionPanel><Suspense fallback={<Spinner size="tiny" label={t('loading')} />}>{body}</Suspense></AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
      {/* Mounted only while open: a closed Fluent dialog still leaves focus-trap sentinels in the page. */}
      <Suspense>
        {dialog === 'merge' && (
          <MergeDialog card={{ id: contact.id, name, identifiers: identifiersLine(contact) }} fields={card.fields} preselected={mergeWith} onClose={() => { setDialog(null); setMergeWith(undefined); }} onMerged={onMerged} onOpenCard={onOpenCard} />
        )}
        {dialog === 'edit' && <EditContactDialog card={card} onClose={() => setDialog(null)} onSaved={onRefresh} />}
        {dialog === 'message' && <SendMessageDialog contact={contact} interactionId={current?.interaction.id} onClose={() => setDialog(null)} onAttempted={onRefresh} />}
        {dialog === 'delete' && <DeleteContactDialog contact={{ id: contact.id, name }} onClose={() => setDialog(null)} onDeleted={onDeleted} />}
      </Suspense>
    </article>
  );
}
