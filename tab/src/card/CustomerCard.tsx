import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Avatar, Badge, Button, CounterBadge, makeStyles, Spinner, Text, tokens, Tooltip } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, EditRegular, MergeRegular, SendRegular } from '@fluentui/react-icons';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCardData, InteractionCardData } from '../api/types';
import { useApp } from '../AppContext';
import { ContactDetails } from './ContactDetails';
import { CurrentInteraction } from './CurrentInteraction';
import { CustomFields, shownInPanel } from './CustomFields';
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
  // In a narrow side panel the actions wrap below the name rather than squeeze it away.
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalM} 0` },
  title: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1, flexBasis: '8rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, marginLeft: 'auto' },
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
}

type OpenDialog = 'merge' | 'edit' | 'delete' | 'message' | null;

/**
 * The customer card (CARD-1 … CARD-5): a header with Refresh, Merge, Edit and Delete (each offered
 * only when allowed), then expandable sections.
 */
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

export function CustomerCard({ card, current, onRefresh, refreshing, onDeleted = onRefresh }: CustomerCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [dialog, setDialog] = useState<OpenDialog>(null);
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
    ...(card.sentMessages.length > 0 ? [['sent', t('section.sent'), <SentMessages messages={card.sentMessages} />] as [string, ReactNode, ReactNode]] : []),
    // Folded by default: the count tells the agent whether opening it is worth it.
    ['notes', <SectionTitle title={t('section.notes')} count={card.notes.length} countLabel={t('section.notesCount', { count: card.notes.length })} />, <Notes contactId={contact.id} notes={card.notes} onChanged={onRefresh} />],
    ...(can('journey:view') ? [['journey', t('section.journey'), <Journey card={card} currentInteractionId={current?.interaction.id} />] as [string, ReactNode, ReactNode]] : []),
    ...(card.merges.length > 0 ? [['merges', t('section.merges'), <MergeHistory merges={card.merges} fields={card.fields} />] as [string, ReactNode, ReactNode]] : []),
  ];

  return (
    <article aria-label={t('card.label', { name })}>
      <header className={styles.header}>
        <Avatar name={name} size={48} color="colorful" aria-hidden="true" />
        <div className={styles.title}>
          <Text as="h1" size={500} weight="semibold" truncate wrap={false}>{name}</Text>
          <span>
            <Badge appearance="outline" size="small">{t(`contactType.${contact.type}`)}</Badge>
          </span>
        </div>
        <div className={styles.actions}>
          <Tooltip content={t('card.refresh')} relationship="label">
            <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={onRefresh} disabled={refreshing} />
          </Tooltip>
          {mayMessage && (
            <Tooltip content={t('message.open')} relationship="label">
              <Button appearance="subtle" icon={<SendRegular />} onClick={() => setDialog('message')} />
            </Tooltip>
          )}
          {mayEdit && (
            <Tooltip content={t('editContact.open')} relationship="label">
              <Button appearance="subtle" icon={<EditRegular />} onClick={() => setDialog('edit')} />
            </Tooltip>
          )}
          {mayMerge && <Button appearance="secondary" icon={<MergeRegular />} onClick={() => setDialog('merge')}>{t('card.merge')}</Button>}
          {mayDelete && (
            <Tooltip content={t('deleteContact.open')} relationship="label">
              <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => setDialog('delete')} />
            </Tooltip>
          )}
        </div>
      </header>
      <Accordion multiple collapsible defaultOpenItems={['details', 'current', 'related', 'fields']}>
        {sections.map(([value, title, body]) => (
          <AccordionItem key={value} value={value}>
            <AccordionHeader as="h2">{title}</AccordionHeader>
            <AccordionPanel><Suspense fallback={<Spinner size="tiny" label={t('loading')} />}>{body}</Suspense></AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
      {/* Mounted only while open: a closed Fluent dialog still leaves focus-trap sentinels in the page. */}
      <Suspense>
        {dialog === 'merge' && <MergeDialog survivor={{ id: contact.id, name }} fields={card.fields} onClose={() => setDialog(null)} onMerged={onRefresh} />}
        {dialog === 'edit' && <EditContactDialog card={card} onClose={() => setDialog(null)} onSaved={onRefresh} />}
        {dialog === 'message' && <SendMessageDialog contact={contact} interactionId={current?.interaction.id} onClose={() => setDialog(null)} onSent={onRefresh} />}
        {dialog === 'delete' && <DeleteContactDialog contact={{ id: contact.id, name }} onClose={() => setDialog(null)} onDeleted={onDeleted} />}
      </Suspense>
    </article>
  );
}
