import type { Db } from '../store/db';
import { applyInteractionEvents, applyWebVisit, unreadableLogger, type ApplyContext } from './apply';
import type { ContactCenterEvent } from './event';
import { interactionsWithPendingEvents, pendingWebVisits, storeEvent } from './inbox';

export type IngestStatus = 'accepted' | 'duplicate';

export type IngestContext = ApplyContext;

/**
 * Accepts one validated event: stores it durably (its own commit), then applies it.
 * Once stored it is accepted even if applying fails; it then stays pending and is retried by
 * `applyPendingEvents`, so an acknowledged event is never lost.
 */
export async function ingestEvent(db: Db, event: ContactCenterEvent, payload: unknown, ctx: IngestContext): Promise<IngestStatus> {
  const stored = await storeEvent(db, event, payload);
  if (!stored) return 'duplicate';
  try {
    await db.transaction<unknown>((tx) =>
      event.type === 'web.visit' ? applyWebVisit(tx, event, ctx) : applyInteractionEvents(tx, event.interaction.id, ctx),
    );
  } catch (error) {
    ctx.log.error({ err: error, eventId: event.id }, 'event stored but not applied yet; it will be retried');
  }
  return 'accepted';
}

/** Applies every event still pending: after a crash, or after a failure to apply. */
export async function applyPendingEvents(db: Db, ctx: IngestContext): Promise<number> {
  let applied = 0;
  for (const interactionId of await interactionsWithPendingEvents(db)) {
    applied += await db
      .transaction((tx) => applyInteractionEvents(tx, interactionId, ctx))
      .catch((error: unknown) => {
        ctx.log.error({ err: error, interactionId }, 'pending events could not be applied');
        return 0;
      });
  }
  for (const visit of await pendingWebVisits(db, unreadableLogger(ctx.log))) {
    if (visit.type !== 'web.visit') continue;
    await db
      .transaction((tx) => applyWebVisit(tx, visit, ctx))
      .then(() => applied++)
      .catch((error: unknown) => ctx.log.error({ err: error, eventId: visit.id }, 'web visit could not be applied'));
  }
  return applied;
}
