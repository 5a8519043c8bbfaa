import { lockNames, type Queryable } from '../../store/db';
import type { Channel } from '../channels';
import { addIdentifiers, firstHolders, insertContact, nameContact, setContactType, touchContact, type Holder } from '../contacts/contacts-store';
import { displayed, type DisplayedIdentifier, type Identifier, type IdentifierKind } from './identifiers';

/**
 * Which identifier speaks for the contact on each channel. Personal data comes before the web
 * cookie everywhere: a cookie only says "the same browser", so it decides only when nothing else can.
 */
const PRECEDENCE: Record<Channel, IdentifierKind[]> = {
  voice: ['phone', 'email', 'social', 'cookie'],
  voicemail: ['phone', 'email', 'social', 'cookie'],
  sms: ['phone', 'email', 'social', 'cookie'],
  email: ['email', 'phone', 'social', 'cookie'],
  social: ['social', 'email', 'phone', 'cookie'],
  chat: ['email', 'phone', 'social', 'cookie'],
  web: ['email', 'phone', 'social', 'cookie'],
};

export interface ResolutionRequest {
  channel: Channel;
  identifiers: Identifier[];
  name?: string;
  fields?: Record<string, string>;
  at: Date;
  /** False when the caller records the contact's last interaction itself (the event applier does, once per batch). */
  touch?: boolean;
}

export interface Resolution {
  /** The canonical contact the interaction belongs to; null when no identifier was provided. */
  contactId: string | null;
  /** The identifier that decided; the other contacts holding it are the candidates. */
  matched: DisplayedIdentifier | null;
  created: boolean;
}

/**
 * Resolves the contact an interaction belongs to (ID-1 … ID-4, ID-6), inside the caller's transaction.
 * - Identifiers are tried in the channel's precedence; the first one held by any contact decides.
 * - Several contacts hold it: the first-created wins, as agents expect from the contact-center
 *   platform; the others remain candidates the agent can re-attach to (ID-5).
 * - No contact holds any: a card is created from the provided data, ephemeral if all we have is a cookie.
 * - A matched card learns the provided identifiers no card holds yet; an ephemeral visitor who so
 *   gives personal data becomes identified, keeping their journey; a card without a name takes the
 *   name provided.
 */
export async function resolveContact(tx: Queryable, request: ResolutionRequest): Promise<Resolution> {
  const [resolution] = await resolveContacts(tx, [request]);
  return resolution!;
}

/**
 * resolveContact for several interactions, in order, as if one after the other: one statement locks
 * every identifier and one reads who holds them, so an interaction whose card is known costs no
 * statement of its own; a card created or taught an identifier by one is found by the next.
 */
export async function resolveContacts(tx: Queryable, requests: ResolutionRequest[]): Promise<Resolution[]> {
  const orderedOf = requests.map((request) => orderByPrecedence(request.identifiers, request.channel));
  const all = orderedOf.flat();
  await lockIdentifiers(tx, all);
  const holders = await firstHolders(tx, all);
  const holderOf = (i: Identifier) => holders.get(holderKey(i));

  const resolutions: Resolution[] = [];
  for (const [n, request] of requests.entries()) {
    const ordered = orderedOf[n]!;
    if (ordered.length === 0) {
      resolutions.push({ contactId: null, matched: null, created: false });
      continue;
    }
    const identifier = ordered.find(holderOf);
    if (identifier) {
      const first = holderOf(identifier)!;
      // The card learns the identifiers provided with it that no card holds yet (the e-mail address that
      // came with a call from a known number). One held by another card stays there: the two cards are
      // then likely duplicates, for an agent to merge, not for us to decide.
      const learned = ordered.filter((i) => !holderOf(i));
      await addIdentifiers(tx, first.id, learned, request.at);
      learned.forEach((i) => holders.set(holderKey(i), first));
      if (first.type === 'ephemeral' && learned.some((i) => i.kind !== 'cookie')) {
        await setContactType(tx, first.id, 'identified');
        first.type = 'identified';
      }
      if (request.name && first.name === null) {
        await nameContact(tx, first.id, request.name);
        first.name = request.name;
      }
      if (request.touch !== false) await touchContact(tx, first.id, request.at);
      resolutions.push({ contactId: first.id, matched: displayed(identifier), created: false });
      continue;
    }
    const type = ordered.every((i) => i.kind === 'cookie') ? 'ephemeral' : 'identified';
    const contactId = await insertContact(tx, { type, name: request.name, fields: request.fields, identifiers: ordered, createdAt: request.at });
    const created: Holder = { id: contactId, name: request.name ?? null, type };
    ordered.forEach((i) => holders.set(holderKey(i), created));
    resolutions.push({ contactId, matched: displayed(ordered[0]!), created: true });
  }
  return resolutions;
}

function orderByPrecedence(identifiers: Identifier[], channel: Channel): Identifier[] {
  const rank = PRECEDENCE[channel];
  return [...identifiers].sort((a, b) => rank.indexOf(a.kind) - rank.indexOf(b.kind));
}

/**
 * Serialises resolutions and card edits that share an identifier, so one new number never yields two
 * cards (ID-2) and an edit never gives a card a number another card is being given at the same time.
 */
export async function lockIdentifiers(tx: Queryable, identifiers: Identifier[]): Promise<void> {
  await lockNames(tx, [...new Set(identifiers.map(lockKey))].sort());
}

const lockKey = (i: Identifier) => `identifier:${i.kind}:${i.value}`;
const holderKey = (i: Identifier) => `${i.kind}:${i.value}`;
