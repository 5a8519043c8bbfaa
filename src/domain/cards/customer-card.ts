import type { Db } from '../../store/db';
import type { ActingUser, DivisionFilter } from '../access/users';
import { ephemeralExpiry, type Contact } from '../contacts/contact';
import { canonicalIdOf, findContact } from '../contacts/contacts-store';
import { notFound } from '../errors';
import { cardFields, withoutRetiredValues, type CardField } from '../fields/card-fields';
import { listFields } from '../fields/fields-store';
import { candidatesFor, type Candidate } from '../identity/candidates';
import type { Interaction, Message } from '../interactions/interaction';
import { findInteraction, listContactInteractions, listMessages } from '../interactions/interactions-store';
import { listVisits, type WebVisit } from '../journey/visits-store';
import { duplicateHintsFor, mayActOnDuplicates, type DuplicateHint } from '../merge/duplicate-hints';
import { listMerges, type MergeRecord } from '../merge/merge-history';
import type { Note } from '../notes/note';
import { listNotes } from '../notes/notes-store';
import type { SentMessage } from '../outbound/sent-message';
import { listSentMessages } from '../outbound/sent-messages-store';

/** Everything the customer card shows about one contact. */
export interface CustomerCard {
  contact: Contact & { expiresAt: Date | null };
  /** The custom fields in the admin's order, with the contact's values (FIELD-2). */
  fields: CardField[];
  /** The id asked for, when it was an alias that resolved to this canonical contact. */
  resolvedFrom: string | null;
  interactions: Interaction[];
  /** Web visits of the contact and its aliases, oldest first (the journey). */
  visits: WebVisit[];
  /** The audited merges that made this card, newest first. */
  merges: MergeRecord[];
  /** Notes on the contact and its aliases, newest first (NOTE-1). */
  notes: Note[];
  /** Messages agents sent to the contact and its aliases by SMS or e-mail, newest first (OUT-1). */
  sentMessages: SentMessage[];
  /** Cards a new card may duplicate (MERGE-8), for viewers who may merge; absent for others. */
  duplicateHints?: DuplicateHint[];
}

/** An interaction as the agent sees it: its messages, its contact's card and the other candidates. */
export interface InteractionCard {
  interaction: Interaction;
  messages: Message[];
  card: CustomerCard | null;
  candidates: Candidate[];
}

/** Who a card is loaded for: the interactions of their divisions; the journey only with journey:view. */
export type CardViewer = Pick<ActingUser, 'divisions' | 'permissions'>;

const visible = (divisions: DivisionFilter, i: Interaction) => divisions === '*' || divisions.includes(i.division);

/** Whether the viewer sees the interaction at all: the rule every card and the API load by. */
export const maySee = (viewer: CardViewer, interaction: Interaction): boolean => visible(viewer.divisions, interaction);

export async function loadCustomerCard(db: Db, contactId: string, viewer: CardViewer): Promise<CustomerCard> {
  const canonicalId = await canonicalIdOf(db, contactId);
  if (!canonicalId) throw notFound(`contact ${contactId} does not exist`);
  // Everything else hangs off the canonical id alone: read together, the card waits for one round trip, not six.
  const [contact, all, visits, merges, definitions, notes, sentMessages, duplicateHints] = await Promise.all([
    findContact(db, canonicalId),
    listContactInteractions(db, canonicalId),
    viewer.permissions.has('journey:view') ? listVisits(db, canonicalId) : [],
    listMerges(db, canonicalId),
    listFields(db),
    listNotes(db, canonicalId),
    listSentMessages(db, canonicalId),
    mayActOnDuplicates(viewer) ? duplicateHintsFor(db, canonicalId) : undefined,
  ]);
  if (!contact) throw notFound(`contact ${contactId} does not exist`);
  const interactions = all.filter((i) => visible(viewer.divisions, i));
  return {
    visits,
    merges,
    notes,
    sentMessages,
    ...(duplicateHints && { duplicateHints }),
    contact: {
      ...contact,
      fields: withoutRetiredValues(definitions, contact.fields),
      expiresAt: contact.type === 'ephemeral' ? ephemeralExpiry(contact.lastInteractionAt) : null,
    },
    fields: cardFields(definitions, contact.fields),
    resolvedFrom: canonicalId === contactId ? null : contactId,
    interactions,
  };
}

/** Interactions outside the user's divisions are reported as not found: their existence is not shown. */
export async function loadInteractionCard(db: Db, interactionId: string, viewer: CardViewer): Promise<InteractionCard> {
  const interaction = await findInteraction(db, interactionId);
  if (!interaction || !maySee(viewer, interaction)) throw notFound(`interaction ${interactionId} does not exist`);
  const [messages, candidates, card] = await Promise.all([
    listMessages(db, interactionId),
    candidatesFor(db, interaction),
    interaction.contactId ? loadCustomerCard(db, interaction.contactId, viewer) : Promise.resolve(null),
  ]);
  return { interaction, messages, card, candidates };
}

/**
 * The card again after a change announced for its interaction alone (a message, a new state): only
 * what such a change touches is read — the interaction, its messages and candidates, and the contact
 * row (its last interaction time); the rest is the previous card's. Anything else changing the card
 * is announced for its contact and loaded whole; so is an interaction now on another contact.
 */
export async function refreshInteractionCard(db: Db, previous: InteractionCard, viewer: CardViewer): Promise<InteractionCard> {
  const { id } = previous.interaction;
  const interaction = await findInteraction(db, id);
  if (!interaction || !maySee(viewer, interaction)) throw notFound(`interaction ${id} does not exist`);
  const card = previous.card;
  const shown = card?.interactions.findIndex((i) => i.id === id) ?? -1;
  if (!card || shown < 0 || interaction.contactId !== previous.interaction.contactId) return loadInteractionCard(db, id, viewer);
  const [messages, candidates, contact] = await Promise.all([listMessages(db, id), candidatesFor(db, interaction), findContact(db, card.contact.id)]);
  if (!contact || contact.aliasOf) return loadInteractionCard(db, id, viewer); // merged away meanwhile
  const interactions = card.interactions.with(shown, interaction);
  const { lastInteractionAt } = contact;
  const expiresAt = card.contact.type === 'ephemeral' ? ephemeralExpiry(lastInteractionAt) : null;
  return { interaction, messages, candidates, card: { ...card, interactions, contact: { ...card.contact, lastInteractionAt, expiresAt } } };
}
