import type { Logger } from 'pino';
import { purgeExpiredEphemeralContacts } from '../domain/contacts/ephemeral-purge';
import { applyPendingEvents, type IngestContext } from '../ingestion/ingest';
import type { Db } from '../store/db';
import { every } from './schedule';

const PENDING_EVENTS_SWEEP_MS = 30_000;

/** Starts the app's scheduled work; returns a function that stops it. */
export function startBackgroundJobs(db: Db, ingest: IngestContext, purgeIntervalMs: number, log: Logger): () => void {
  const stops = [
    every(purgeIntervalMs, 'purge-ephemeral-contacts', async () => {
      const purged = await purgeExpiredEphemeralContacts(db, new Date());
      if (purged > 0) log.info({ purged }, 'expired ephemeral contacts purged');
    }, log),
    every(PENDING_EVENTS_SWEEP_MS, 'apply-pending-events', () => applyPendingEvents(db, ingest), log),
  ];
  return () => stops.forEach((stop) => stop());
}
