import type { Logger } from 'pino';
import { isWriteBackPoint } from '../crm/write-back-point';
import { writeBackPointsReached } from '../crm/write-back';
import { touchContacts } from '../domain/contacts/contacts-store';
import { normalizeIdentifiers, type Identifier } from '../domain/identity/identifiers';
import { resolveContact, resolveContacts } from '../domain/identity/resolution';
import type { Interaction, ProvidedContact } from '../domain/interactions/interaction';
import { announceInteractionsChanged } from '../domain/changes';
import {
  findInteractions,
  insertInteractions,
  insertMessages,
  saveInteractions,
  type ArrivedMessage,
} from '../domain/interactions/interactions-store';
import { advanceLifecycle, initialLifecycle, type Agent } from '../domain/interactions/lifecycle';
import type { DefaultPhoneRegion } from '../settings/app-settings';
import { lockNames, tryLockNames, type Queryable } from '../store/db';
import type { InteractionEvent, WebVisitEvent } from './event';
import { markApplied, pendingInteractionEvents, readable, type OnUnreadable } from './inbox';

export interface ApplyContext {
  /** Read in the applying transaction: an admin's change applies from the next event on. */
  defaultPhoneRegion: DefaultPhoneRegion;
  log: Logger;
}

/**
 * Applies the pending events of one interaction, in occurredAt then arrival order. Events that
 * arrive before the interaction can be created (no channel or division yet) wait in the inbox.
 * Returns how many events were applied.
 */
export async function applyInteractionEvents(tx: Queryable, interactionId: string, ctx: ApplyContext): Promise<number> {
  return (await applyInteractionsEvents(tx, [interactionId], ctx)).applied;
}

export interface BatchApplied {
  applied: number;
  /** Interactions another transaction held (only with skipBusy): the caller tries them again. */
  busy: string[];
}

/**
 * applyInteractionEvents for many interactions in one transaction: what events change is written
 * in a few set-based statements whatever the batch's size (a round trip to the store costs more
 * than anything done here in memory). With `skipBusy`, an interaction another transaction is
 * applying is left for the caller to try again, instead of waiting for it.
 */
export async function applyInteractionsEvents(tx: Queryable, interactionIds: string[], context: ApplyContext, { skipBusy = false } = {}): Promise<BatchApplied> {
  const ctx = readingRegionOnce(context);
  const { locked, busy } = await lockInteractions(tx, interactionIds, skipBusy);
  const pending = await pendingInteractionEvents(tx, locked, unreadableLogger(ctx.log));
  if (pending.size === 0) return { applied: 0, busy };

  const stored = await findInteractions(tx, [...pending.keys()]);
  const effects: Effects = { messages: [], applied: [], lastInteractionAt: new Map(), handlers: [] };
  const fresh = await newInteractions(tx, pending as Map<string, InteractionEvent[]>, stored, ctx);
  const created: Interaction[] = [];
  const changed: Interaction[] = [];
  for (const [interactionId, events] of pending as Map<string, InteractionEvent[]>) {
    let interaction = stored.get(interactionId) ?? fresh.get(interactionId);
    if (!interaction) continue; // no event yet names its channel and division: it waits
    for (const event of events) {
      const before = interaction;
      interaction = await applyToInteraction(tx, interaction, event, ctx, effects);
      effects.applied.push(event.id);
      if (reachedWriteBackPoint(before, interaction)) effects.handlers.push({ interactionId, agent: handledBy(before, interaction) });
    }
    (stored.has(interactionId) ? changed : created).push(interaction);
    if (interaction.contactId) laterOf(effects.lastInteractionAt, interaction.contactId, events.at(-1)!.occurredAt);
  }
  await insertInteractions(tx, created);
  await saveInteractions(tx, changed);
  await insertMessages(tx, effects.messages);
  await markApplied(tx, effects.applied);
  await touchContacts(tx, effects.lastInteractionAt);
  await writeBackPointsReached(tx, effects.handlers);
  await announceInteractionsChanged(tx, [...created, ...changed].map((i) => i.id));
  return { applied: effects.applied.length, busy };
}

/** The default phone region is read once per batch, in its transaction: an admin's change applies from the next batch on. */
function readingRegionOnce(ctx: ApplyContext): ApplyContext {
  let region: Promise<string> | undefined;
  return { ...ctx, defaultPhoneRegion: (tx) => (region ??= ctx.defaultPhoneRegion(tx)) };
}

/** What a batch's events change besides the interactions themselves, written together at its end. */
interface Effects {
  messages: ArrivedMessage[];
  applied: string[];
  lastInteractionAt: Map<string, Date>;
  handlers: Array<{ interactionId: string; agent: Agent | null }>;
}

function laterOf(times: Map<string, Date>, key: string, at: Date): void {
  const known = times.get(key);
  if (!known || at > known) times.set(key, at);
}

/**
 * Takes each interaction's lock, in one order so two batches cannot deadlock. Waiting, every one is
 * taken; with skipBusy, one held elsewhere is passed over.
 */
async function lockInteractions(tx: Queryable, interactionIds: string[], skipBusy: boolean): Promise<{ locked: string[]; busy: string[] }> {
  const keys = [...new Set(interactionIds)].sort().map((id) => `interaction:${id}`);
  const locked = skipBusy ? await tryLockNames(tx, keys) : (await lockNames(tx, keys), new Set(keys));
  const idOf = (key: string) => key.slice('interaction:'.length);
  return { locked: [...locked].map(idOf), busy: keys.filter((key) => !locked.has(key)).map(idOf) };
}

/**
 * The interactions the batch creates (those not stored whose events name a channel and division),
 * their contacts resolved together; stored with the batch.
 */
async function newInteractions(tx: Queryable, pending: Map<string, InteractionEvent[]>, stored: Map<string, Interaction>, ctx: ApplyContext): Promise<Map<string, Interaction>> {
  const creations = [...pending]
    .filter(([id]) => !stored.has(id))
    .map(([, events]) => ({ events, creator: events.find((e) => e.interaction.channel && e.interaction.division) }))
    .filter((c): c is { events: InteractionEvent[]; creator: InteractionEvent } => c.creator !== undefined);
  const region = await ctx.defaultPhoneRegion(tx);
  const resolutions = await resolveContacts(tx, creations.map(({ creator: e }) => {
    const provided: ProvidedContact = e.interaction.contact ?? {};
    return { channel: e.interaction.channel!, identifiers: normalizeIdentifiers(provided, region), name: provided.name, fields: provided.fields, at: e.occurredAt, touch: false };
  }));
  return new Map(creations.map(({ events, creator: e }, n) => {
    const startedAt = events[0]!.occurredAt;
    const resolution = resolutions[n]!;
    const interaction: Interaction = {
      id: e.interaction.id,
      contactId: resolution.contactId,
      channel: e.interaction.channel!,
      division: e.interaction.division!,
      direction: e.interaction.direction ?? 'inbound',
      matched: resolution.matched,
      providedContact: e.interaction.contact ?? {},
      startedAt,
      ...initialLifecycle(startedAt),
    };
    return [interaction.id, interaction];
  }));
}

async function applyToInteraction(tx: Queryable, current: Interaction, e: InteractionEvent, ctx: ApplyContext, effects: Effects): Promise<Interaction> {
  let next: Interaction = {
    ...current,
    ...advanceLifecycle(current, current.channel, { type: e.type, occurredAt: e.occurredAt, agent: agentNamedBy(e) }),
    startedAt: e.type === 'interaction.started' && e.occurredAt < current.startedAt ? e.occurredAt : current.startedAt,
    providedContact: { ...current.providedContact, ...e.interaction.contact },
  };
  if (e.type === 'interaction.message') {
    effects.messages.push({
      interactionId: next.id,
      eventId: e.id,
      message: {
        id: e.message.id,
        direction: e.message.direction ?? next.direction,
        subject: e.message.subject ?? null,
        text: e.message.text,
        sentAt: e.message.sentAt ?? e.occurredAt,
      },
    });
  }
  // An interaction that began without identifiers is resolved as soon as one arrives.
  if (!next.contactId && e.interaction.contact) {
    const resolution = await resolveContact(tx, {
      channel: next.channel,
      identifiers: await identifiersOf(tx, e.interaction.contact, ctx),
      name: e.interaction.contact.name,
      fields: e.interaction.contact.fields,
      at: e.occurredAt,
      touch: false,
    });
    next = { ...next, contactId: resolution.contactId, matched: resolution.matched };
  }
  return next;
}

/** A write-back point (CRM-2) is reached when the interaction enters one, or is handed on while in one. */
function reachedWriteBackPoint(before: Interaction, after: Interaction): boolean {
  if (!isWriteBackPoint(after.channel, after.state)) return false;
  return before.state !== after.state || before.agent?.id !== after.agent?.id;
}

/**
 * Who handled the work being written: a transfer or unassignment credits the agent who had the
 * interaction before it (not the transfer's target); an end credits the agent at the end.
 */
function handledBy(before: Interaction, after: Interaction): Agent | null {
  if (after.state === 'transferred' || after.state === 'unassigned') return before.agent ?? after.agent;
  return after.agent;
}

/** The agent an event hands the interaction to; a transfer names its target in `toAgent`. */
function agentNamedBy(e: InteractionEvent): Agent | undefined {
  if (e.type === 'interaction.transferred' || e.type === 'interaction.unassigned') return e.toAgent;
  return e.interaction.agent;
}

export async function applyWebVisit(tx: Queryable, e: WebVisitEvent, ctx: ApplyContext): Promise<void> {
  const visitor = e.contact ?? e.interaction?.contact ?? {};
  const visitedAt = e.visit.at ?? e.occurredAt;
  const resolution = await resolveContact(tx, {
    channel: 'web',
    identifiers: await identifiersOf(tx, visitor, ctx),
    name: visitor.name,
    fields: visitor.fields,
    at: visitedAt,
  });
  await tx.query(
    `INSERT INTO web_visits (event_id, contact_id, url, title, visited_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [e.id, resolution.contactId, e.visit.url, e.visit.title ?? null, visitedAt],
  );
  await markApplied(tx, [e.id]);
}

/** Applies a stored web visit unless it was applied meanwhile (by another instance or the sweep). */
export async function applyStoredWebVisit(tx: Queryable, eventId: string, ctx: ApplyContext): Promise<void> {
  const rows = await tx.query<{ id: string; payload: unknown }>('SELECT id, payload FROM events WHERE id = $1 AND applied_at IS NULL FOR UPDATE', [eventId]);
  const [visit] = readable(rows, unreadableLogger(ctx.log));
  if (visit?.type === 'web.visit') await applyWebVisit(tx, visit, ctx);
}

async function identifiersOf(tx: Queryable, contact: ProvidedContact, ctx: ApplyContext): Promise<Identifier[]> {
  return normalizeIdentifiers(contact, await ctx.defaultPhoneRegion(tx));
}

/** An unreadable stored event is kept for an operator to look at; saying so is all we can do. */
export function unreadableLogger(log: Logger): OnUnreadable {
  return (eventId, reason) => log.error({ eventId, reason }, 'a stored event no longer meets the events contract: left in the inbox, not applied');
}
