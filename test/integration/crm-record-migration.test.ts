import { activitySender } from '../../src/crm/activity-sender';
import { BuiltinConnector } from '../../src/crm/builtin/builtin-connector';
import { recordState } from '../../src/crm/write-back';
import { insertInteraction } from '../../src/domain/interactions/interactions-store';
import { OutboxWorker } from '../../src/outbox/outbox-worker';
import type { Db } from '../../src/store/db';
import { migrate, readMigrations } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import { silentLog } from '../support/events';
import { createFreshDatabase } from '../support/stores';

/** The per-record model's items, as an installation upgraded from migration 016 has them queued. */
async function queueUnderTheOldModel(db: Db): Promise<{ contact: string; kettle: string }> {
  const crm = new BuiltinConnector(db);
  const contact = (await crm.create({ type: 'contact', fields: { name: 'Edward Ferrars' } })).id;
  const kettle = (await crm.create({ type: 'case', fields: { subject: 'Broken kettle' } })).id;
  for (const id of ['int-partly-written', 'int-dead', 'int-done']) {
    await insertInteraction(db, {
      id, contactId: null, channel: 'voice', division: 'support-emea', direction: 'inbound', matched: null, providedContact: { name: 'Edward Ferrars' },
      startedAt: new Date('2026-11-30T09:00:00Z'), state: 'ended', stateChangedAt: new Date('2026-11-30T09:05:00Z'),
      agent: { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' }, endedAt: new Date('2026-11-30T09:04:00Z'), acwCompletedAt: new Date('2026-11-30T09:05:00Z'),
    });
    for (const [type, recordId] of [['contact', contact], ['case', kettle]] as const) {
      await db.query(`INSERT INTO crm_links (interaction_id, record_type, record_id, record_url, linked_by) VALUES ($1, $2, $3, '/tab', 'Elinor')`, [id, type, recordId]);
    }
  }
  const item = (id: string, type: string, recordId: string, state: 'done' | 'dead' | 'pending') =>
    db.query(
      `INSERT INTO outbox (topic, key, payload, done_at, dead_at, last_error) VALUES ('crm.activity', $1, $2, $3, $4, $5)`,
      [
        `crm.activity:${id}:${type}:${recordId}`, JSON.stringify({ interactionId: id, type, id: recordId }),
        state === 'done' ? new Date() : null, state === 'dead' ? new Date() : null, state === 'dead' ? 'rejected: REQUIRED_FIELD_MISSING' : null,
      ],
    );
  await item('int-partly-written', 'contact', contact, 'done');
  await item('int-partly-written', 'case', kettle, 'pending');
  await item('int-dead', 'contact', contact, 'dead');
  await item('int-done', 'contact', contact, 'done');
  await item('int-done', 'case', kettle, 'done');
  return { contact, kettle };
}

const stores: Array<[string, () => Promise<{ db: Db; drop: () => Promise<void> }>]> = [
  ['pglite', async () => {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  }],
];
if (process.env.TEST_DATABASE_URL) {
  stores.push(['postgres', async () => {
    const fresh = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
    const db = await openPostgres(fresh.url);
    return { db, drop: async () => { await db.close(); await fresh.drop(); } };
  }]);
} else {
  describe.skip('queued write-backs migrate to interaction records [postgres]', () => it('needs TEST_DATABASE_URL', () => undefined));
}

describe.each(stores)('queued write-backs migrate to interaction records [%s]', (_kind, open) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await open());
    await migrate(db, readMigrations().filter((m) => m.version <= 16));
  });
  afterAll(() => drop());

  it('delivers what was queued exactly once, one record per interaction, never again to a record already written', async () => {
    const { kettle } = await queueUnderTheOldModel(db);
    expect(await migrate(db)).toEqual([17, ...readMigrations().filter((m) => m.version > 17).map((m) => m.version)]);

    const items = await db.query<{ key: string; payload: unknown; dead: boolean; last_error: string | null }>(
      `SELECT key, payload, dead_at IS NOT NULL AS dead, last_error FROM outbox WHERE done_at IS NULL ORDER BY key`,
    );
    expect(items).toEqual([
      { key: 'crm.interaction:int-dead', payload: { interactionId: 'int-dead', alreadyWritten: [] }, dead: true, last_error: 'rejected: REQUIRED_FIELD_MISSING' },
      { key: 'crm.interaction:int-partly-written', payload: expect.objectContaining({ interactionId: 'int-partly-written' }), dead: false, last_error: null },
    ]);

    const worker = new OutboxWorker({ db, log: silentLog, handlers: { 'crm.interaction': activitySender(db, () => new BuiltinConnector(db)) } });
    expect(await worker.round()).toBe(1);
    expect(await worker.round()).toBe(0);
    const written = await db.query<{ activity: { interactionId: string; records: Array<{ type: string; id: string }>; agent: { name: string } } }>('SELECT activity FROM crm_activities');
    expect(written.map((r) => r.activity)).toEqual([
      expect.objectContaining({ interactionId: 'int-partly-written', records: [{ type: 'case', id: kettle, source: 'link' }], agent: expect.objectContaining({ name: 'Elinor Dashwood' }) }),
    ]);
    // The dead letter stays visible on the card, with the CRM's words, ready to be resent.
    expect(await recordState(db, 'int-dead')).toMatchObject({ state: 'failed', error: 'rejected: REQUIRED_FIELD_MISSING' });
    expect(await recordState(db, 'int-done')).toMatchObject({ state: 'waiting' });
  });
});
