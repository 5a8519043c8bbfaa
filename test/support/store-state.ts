import type { Db } from '../../src/store/db';

/** Everything a card is made of, as rows: what an undo must give back exactly (updated_at aside). */
export async function storeState(db: Db) {
  const q = (sql: string) => db.query(sql);
  return {
    contacts: await q(`SELECT id, type, name, fields, alias_of, created_at, last_interaction_at FROM contacts ORDER BY id`),
    identifiers: await q('SELECT kind, value, contact_id, created_at FROM contact_identifiers ORDER BY kind, value, contact_id'),
    interactions: await q('SELECT id, contact_id FROM interactions ORDER BY id'),
    notes: await q('SELECT id, contact_id, body FROM notes ORDER BY id'),
    visits: await q('SELECT event_id, contact_id FROM web_visits ORDER BY event_id'),
  };
}
