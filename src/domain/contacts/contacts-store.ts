import type { Queryable } from '../../store/db';
import { displayed, type Identifier } from '../identity/identifiers';
import type { Contact, ContactType } from './contact';
import { cardIds } from './family';

interface ContactRow {
  id: string;
  type: ContactType;
  name: string | null;
  fields: Record<string, string>;
  alias_of: string | null;
  created_at: Date;
  last_interaction_at: Date;
}

const CONTACT_COLUMNS = 'c.id, c.type, c.name, c.fields, c.alias_of, c.created_at, c.last_interaction_at';

export interface NewContact {
  type: ContactType;
  name?: string | null;
  fields?: Record<string, string>;
  identifiers: Identifier[];
  /** When the contact came to be; defaults to now. */
  createdAt?: Date;
}

export async function insertContact(tx: Queryable, contact: NewContact): Promise<string> {
  const createdAt = contact.createdAt ?? new Date();
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO contacts (type, name, fields, created_at, updated_at, last_interaction_at)
     VALUES ($1, $2, $3, $4, $4, $4) RETURNING id`,
    [contact.type, contact.name ?? null, JSON.stringify(contact.fields ?? {}), createdAt],
  );
  await addIdentifiers(tx, row!.id, contact.identifiers, createdAt);
  return row!.id;
}

export async function addIdentifiers(tx: Queryable, contactId: string, identifiers: Identifier[], at = new Date()) {
  for (const { kind, value } of identifiers) {
    await tx.query(
      `INSERT INTO contact_identifiers (kind, value, contact_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [kind, value, contactId, at],
    );
  }
}

/** The contact itself, even when it is an alias. */
export async function findContact(tx: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Contact | null> {
  if (!isUuid(id)) return null;
  const lock = options.forUpdate ? ' FOR UPDATE' : '';
  const [row] = await tx.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1${lock}`, [id]);
  if (!row) return null;
  const identifiers = await tx.query<Identifier>(
    `SELECT kind, value FROM contact_identifiers
     WHERE contact_id = ANY(${cardIds('$1')})
     GROUP BY kind, value ORDER BY kind, min(created_at), value`,
    [id],
  );
  return toContact(row, identifiers);
}

/** The canonical contact an id resolves to: itself, or the contact it was merged into. */
export async function canonicalIdOf(tx: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<{ id: string }>('SELECT coalesce(alias_of, id) AS id FROM contacts WHERE id = $1', [id]);
  return row?.id ?? null;
}

/**
 * The canonical contacts holding an identifier (directly or through an alias), first-created first:
 * the first is the one an interaction attaches to, the others are its candidates (ID-4).
 */
export async function contactsHolding(tx: Queryable, identifier: Identifier): Promise<Array<{ id: string; name: string | null; type: ContactType; createdAt: Date }>> {
  const rows = await tx.query<{ id: string; name: string | null; type: ContactType; created_at: Date }>(
    `SELECT DISTINCT c.id, c.name, c.type, c.created_at
     FROM contact_identifiers ci
     JOIN contacts holder ON holder.id = ci.contact_id
     JOIN contacts c ON c.id = coalesce(holder.alias_of, holder.id)
     WHERE ci.kind = $1 AND ci.value = $2
     ORDER BY c.created_at, c.id`,
    [identifier.kind, identifier.value],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, createdAt: r.created_at }));
}

export interface Holder {
  id: string;
  name: string | null;
  type: ContactType;
}

/**
 * contactsHolding's first holder (the one an interaction attaches to) of each identifier, in one
 * statement, keyed `kind:value`; identifiers no card holds are absent. Each contact is one object,
 * shared by the identifiers it holds.
 */
export async function firstHolders(tx: Queryable, identifiers: Identifier[]): Promise<Map<string, Holder>> {
  if (identifiers.length === 0) return new Map();
  const rows = await tx.query<{ kind: string; value: string; id: string; name: string | null; type: ContactType }>(
    `SELECT DISTINCT ON (ci.kind, ci.value) ci.kind, ci.value, c.id, c.name, c.type
     FROM unnest($1::text[], $2::text[]) AS wanted(kind, value)
     JOIN contact_identifiers ci ON ci.kind = wanted.kind AND ci.value = wanted.value
     JOIN contacts holder ON holder.id = ci.contact_id
     JOIN contacts c ON c.id = coalesce(holder.alias_of, holder.id)
     ORDER BY ci.kind, ci.value, c.created_at, c.id`,
    [identifiers.map((i) => i.kind), identifiers.map((i) => i.value)],
  );
  const byId = new Map<string, Holder>();
  for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, { id: r.id, name: r.name, type: r.type });
  return new Map(rows.map((r) => [`${r.kind}:${r.value}`, byId.get(r.id)!]));
}

export async function touchContact(tx: Queryable, id: string, at: Date): Promise<void> {
  await touchContacts(tx, new Map([[id, at]]));
}

/** touchContact for many, in one statement: each contact's last interaction moves to its time if later. */
export async function touchContacts(tx: Queryable, lastAt: Map<string, Date>): Promise<void> {
  if (lastAt.size === 0) return;
  await tx.query(
    `UPDATE contacts AS c SET last_interaction_at = greatest(c.last_interaction_at, x.at)
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, at timestamptz) WHERE c.id = x.id`,
    [JSON.stringify([...lastAt].map(([id, at]) => ({ id, at })))],
  );
}

/** Gives a nameless contact a name; a contact that has one keeps it. */
export async function nameContact(tx: Queryable, id: string, name: string): Promise<void> {
  await tx.query('UPDATE contacts SET name = $2, updated_at = now() WHERE id = $1 AND name IS NULL', [id, name]);
}

export async function setContactType(tx: Queryable, id: string, type: ContactType): Promise<void> {
  await tx.query('UPDATE contacts SET type = $2, updated_at = now() WHERE id = $1', [id, type]);
}

function toContact(row: ContactRow, identifiers: Identifier[]): Contact {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    fields: row.fields,
    aliasOf: row.alias_of,
    createdAt: row.created_at,
    lastInteractionAt: row.last_interaction_at,
    identifiers: identifiers.map(displayed),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs; a malformed one is simply not found rather than a database error. */
export const isUuid = (id: string) => UUID.test(id);
