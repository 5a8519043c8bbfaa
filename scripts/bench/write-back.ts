import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { activitySender } from '../../src/crm/activity-sender';
import { ServiceNowConnector } from '../../src/crm/servicenow/servicenow-connector';
import { RECORD_TOPIC } from '../../src/crm/write-back';
import { OutboxWorker } from '../../src/outbox/outbox-worker';
import type { Db } from '../../src/store/db';
import { startServiceNow } from '../../test/support/crm/servicenow-server';
import { benchStores } from './stores';

const ACTIVITIES = 1000;
const OUTAGE_MS = 60_000;

/**
 * Write-back through the outbox to a CRM speaking ServiceNow's Table API on loopback: throughput with
 * the CRM up, then the time to catch up on 1,000 activities queued during a 60-second outage.
 * Runs on PostgreSQL when TEST_DATABASE_URL is set (the production store), else on PGlite.
 */
export async function benchWriteBack(): Promise<string[]> {
  const store = benchStores().at(-1)!;
  const { db, done } = await store.open();
  const sn = await startServiceNow();
  const connector = new ServiceNowConnector({ kind: 'servicenow', instanceUrl: sn.url, tokenUrl: sn.tokenUrl, clientId: sn.clientId, clientSecret: sn.clientSecret });
  const worker = new OutboxWorker({ db, log: pino({ level: 'silent' }), handlers: { [RECORD_TOPIC]: activitySender(db, () => connector) }, pollMs: 250 });
  try {
    const consumer = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars', mobile_phone: '+18035550142' });
    await worker.start();

    await queueActivities(db, 'up', consumer.sys_id!);
    let started = performance.now();
    worker.wake();
    await allWritten(db);
    const perSecond = ACTIVITIES / ((performance.now() - started) / 1000);

    sn.setOutage(true);
    await queueActivities(db, 'outage', consumer.sys_id!);
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    sn.setOutage(false);
    started = performance.now();
    await allWritten(db);
    const catchUpSeconds = (performance.now() - started) / 1000;
    const written = sn.rows('interaction').length;

    return [
      `write-back to a ServiceNow-protocol CRM on loopback (${store.name}): ${perSecond.toFixed(0)} activities/s`,
      `  catch-up after a ${OUTAGE_MS / 1000} s outage with ${ACTIVITIES} activities queued: ${catchUpSeconds.toFixed(1)} s ` +
        `(${(catchUpSeconds / (ACTIVITIES / perSecond)).toFixed(2)} × the time to write them with the CRM up); ` +
        `${written} interactions written for ${2 * ACTIVITIES} activities`,
    ];
  } finally {
    await worker.stop();
    await sn.close();
    await done();
  }
}

/** ACTIVITIES ended calls, each linked to the consumer, with their write-back queued. */
async function queueActivities(db: Db, tag: string, consumerId: string): Promise<void> {
  await db.query(
    `INSERT INTO interactions (id, channel, division, direction, state, state_changed_at, started_at, ended_at, acw_completed_at)
     SELECT 'wb-' || $1 || '-' || g, 'voice', 'support-emea', 'inbound', 'ended', now(), now() - interval '5 minutes', now(), now()
     FROM generate_series(1, $2) g`,
    [tag, ACTIVITIES],
  );
  await db.query(
    `INSERT INTO crm_links (interaction_id, record_type, record_id, record_name, record_url, linked_by)
     SELECT 'wb-' || $1 || '-' || g, 'consumer', $3, 'Edward Ferrars', 'https://example', 'bench' FROM generate_series(1, $2) g`,
    [tag, ACTIVITIES, consumerId],
  );
  await db.query(
    `INSERT INTO outbox (topic, key, payload)
     SELECT 'crm.interaction', 'crm.interaction:wb-' || $1 || '-' || g, jsonb_build_object('interactionId', 'wb-' || $1 || '-' || g)
     FROM generate_series(1, $2) g`,
    [tag, ACTIVITIES],
  );
}

async function allWritten(db: Db): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND dead_at IS NULL');
    if (row!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
