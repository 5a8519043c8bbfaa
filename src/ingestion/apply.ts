import type { Logger } from 'pino';
import { isWriteBackPoint } from '../crm/write-back-point';
import { writeBackPointReached } from '../crm/write-back';
import { touchContact } from '../domain/contacts/contacts-store';
import { normalizeIdentifiers, type Identifier } from '../domain/identity/identifiers';
import { resolveContact } from '../domain/identity/resolution';
import type { Interaction, ProvidedContact } from '../domain/interactions/interaction';
import { announceInteractionChanged } from '../domain/changes';
import {
  findInteraction,
  insertInteraction,
  insertMessage,
  saveInteraction,
} from '../domain/interactions/interactions-store';
import { advanceLifecycle, initialLifecycle, type Agent } from '../domain/interactions/lifecycle';
import type { DefaultPhoneRegion } from '../settings/app-settings';
import { lockName, type Queryable } from '../store/db';
import type { InteractionEvent, WebVisitEvent } from './event';
import { markApplied, pendingInteractionEvents, type OnUnreadable } from './inbox';

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
  await lockName(tx, `interaction:${interactionId}`);
  const pending = (await pendingInteractionEvents(tx, interactionId, unreadableLogger(ctx.log))) as InteractionEvent[];
  if (pending.length === 0) return 0;

  let interaction = await findInteraction(tx, interactionId);
  if (!interaction) {
    const creator = pending.find((e) => e.interaction.channel && e.interaction.division);
    if (!creator) return 0;
    interaction = await createInteraction(tx, creator, pending[0]!.occurredAt, ctx);
  }
  const handlers: Array<Agent | null> = [];
  for (const event of pending) {
    const before = interaction;
    interaction = await applyToInteraction(tx, interaction, event, ctx);
    await markApplied(tx, event.id);
    if (reachedWriteBackPoint(before, interaction)) handlers.push(handledBy(before, interaction));
  }
  await saveInteraction(tx, interaction);
  if (interaction.contactId) await touchContact(tx, interaction.contactId, pending.at(-1)!.occurredAt);
  for (const agent of handlers) await writeBackPointReached(tx, interactionId, agent);
  await announceInteractionChanged(tx, interactionId);
  return pending.length;
}

async function createInteraction(tx: Queryable, e: InteractionEvent, startedAt: Date, ctx: ApplyContext): Promise<Interaction> {
  const channel = e.interaction.channel!;
  const provided: ProvidedContact = e.interaction.contact ?? {};
  const resolution = await resolveContact(tx, {
    channel,
    identifiers: await identifiersOf(tx, provided, ctx),
    name: provided.name,
    fields: provided.fields,
    at: e.occurredAt,
  });
  const interaction: Interaction = {
    id: e.interaction.id,
    contactId: resolution.contactId,
    channel,
    division: e.interaction.division!,
    direction: e.interaction.direction ?? 'inbound',
    matched: resolution.matched,
    providedContact: provided,
    startedAt,
    ...initialLifecycle(startedAt),
  };
  await insertInteraction(tx, interaction);
  return interaction;
}

async function applyToInteraction(tx: Queryable, current: Interaction, e: InteractionEvent, ctx: ApplyContext): Promise<Interaction> {
  let next: Interaction = {
    ...current,
    ...advanceLifecycle(current, current.channel, { type: e.type, occurredAt: e.occurredAt, agent: agentNamedBy(e) }),
    startedAt: e.type === 'interaction.started' && e.occurredAt < current.startedAt ? e.occurredAt : current.startedAt,
    providedContact: { ...current.providedContact, ...e.interaction.contact },
  };
  if (e.type === 'interaction.message') {
    await insertMessage(tx, next.id, {
      id: e.message.id,
      direction: e.message.direction ?? next.direction,
      subject: e.message.subject ?? null,
      text: e.message.text,
      sentAt: e.message.sentAt ?? e.occurredAt,
    }, e.id);
  }
  // An interaction that began without identifiers is resolved as soon as one arrives.
  if (!next.contactId && e.interaction.contact) {
    const resolution = await resolveContact(tx, {
      channel: next.channel,
      identifiers: await identifiersOf(tx, e.interaction.contact, ctx),
      name: e.interaction.contact.name,
      fields: e.interaction.contact.fields,
      at: e.occurredAt,
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
  await markApplied(tx, e.id);
}

async function identifiersOf(tx: Queryable, contact: ProvidedContact, ctx: ApplyContext): Promise<Identifier[]> {
  return normalizeIdentifiers(contact, await ctx.defaultPhoneRegion(tx));
}

/** An unreadable stored event is kept for an operator to look at; saying so is all we can do. */
export function unreadableLogger(log: Logger): OnUnreadable {
  return (eventId, reason) => log.error({ eventId, reason }, 'a stored event no longer meets the events contract: left in the inbox, not applied');
}
