import type { Queryable } from '../../store/db';
import type { FieldDefinition, FieldLabels, FieldSettings, FieldType, NewField } from './definition';

interface FieldRow {
  ident: string;
  labels: FieldLabels;
  type: FieldType;
  options: string[];
  visible_in_panel: boolean;
  editable: boolean;
  visible_on_card: boolean;
  position: number;
  retired_at: Date | null;
}

const COLUMNS = 'ident, labels, type, options, visible_in_panel, editable, visible_on_card, position, retired_at';

/** Every field, retired ones too, in the admin's order. */
export async function listFields(db: Queryable): Promise<FieldDefinition[]> {
  const rows = await db.query<FieldRow>(`SELECT ${COLUMNS} FROM custom_fields ORDER BY position, created_at, ident`);
  return rows.map(toDefinition);
}

/** Locked with forUpdate, so what an audit records as "before" is what the change replaced. */
export async function findField(db: Queryable, ident: string, options: { forUpdate?: boolean } = {}): Promise<FieldDefinition | null> {
  const lock = options.forUpdate ? ' FOR UPDATE' : '';
  const [row] = await db.query<FieldRow>(`SELECT ${COLUMNS} FROM custom_fields WHERE ident = $1${lock}`, [ident]);
  return row ? toDefinition(row) : null;
}

/** The field whose ident equals this one ignoring case: idents are unique that way. */
export async function findFieldIgnoringCase(db: Queryable, ident: string): Promise<FieldDefinition | null> {
  const [row] = await db.query<FieldRow>(`SELECT ${COLUMNS} FROM custom_fields WHERE lower(ident) = lower($1)`, [ident]);
  return row ? toDefinition(row) : null;
}

/** Adds the field after the others; null when its ident is taken (ignoring case). */
export async function insertField(tx: Queryable, field: NewField): Promise<FieldDefinition | null> {
  const [row] = await tx.query<FieldRow>(
    `INSERT INTO custom_fields (ident, labels, type, options, visible_in_panel, editable, visible_on_card, position)
     SELECT $1, $2, $3, $4, $5, $6, $7, coalesce(max(position), 0) + 1 FROM custom_fields
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [field.ident, JSON.stringify(field.labels), field.type, JSON.stringify(field.options), field.visibleInPanel, field.editable, field.visibleOnCard],
  );
  return row ? toDefinition(row) : null;
}

export async function updateFieldSettings(tx: Queryable, ident: string, settings: FieldSettings): Promise<FieldDefinition | null> {
  const [row] = await tx.query<FieldRow>(
    `UPDATE custom_fields SET labels = $2, type = $3, options = $4, visible_in_panel = $5, editable = $6, visible_on_card = $7,
       updated_at = now()
     WHERE ident = $1 RETURNING ${COLUMNS}`,
    [ident, JSON.stringify(settings.labels), settings.type, JSON.stringify(settings.options), settings.visibleInPanel, settings.editable, settings.visibleOnCard],
  );
  return row ? toDefinition(row) : null;
}

/** Locks every field for a change of their order; answers their idents. */
export async function lockFields(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ ident: string }>('SELECT ident FROM custom_fields ORDER BY ident FOR UPDATE');
  return rows.map((r) => r.ident);
}

/** Numbers the fields 1, 2, 3 … in the order given. */
export async function setFieldOrder(tx: Queryable, idents: string[]): Promise<void> {
  await tx.query(
    `UPDATE custom_fields f SET position = o.n, updated_at = now()
     FROM unnest($1::text[]) WITH ORDINALITY AS o(ident, n) WHERE f.ident = o.ident`,
    [idents],
  );
}

/** Retires (keeping the first retirement time) or restores a field; null when there is no such field. */
export async function setFieldRetired(tx: Queryable, ident: string, retired: boolean): Promise<FieldDefinition | null> {
  const [row] = await tx.query<FieldRow>(
    `UPDATE custom_fields SET retired_at = CASE WHEN $2 THEN coalesce(retired_at, now()) END, updated_at = now()
     WHERE ident = $1 RETURNING ${COLUMNS}`,
    [ident, retired],
  );
  return row ? toDefinition(row) : null;
}

function toDefinition(row: FieldRow): FieldDefinition {
  return {
    ident: row.ident,
    labels: row.labels,
    type: row.type,
    options: row.options,
    visibleInPanel: row.visible_in_panel,
    editable: row.editable,
    visibleOnCard: row.visible_on_card,
    position: row.position,
    retiredAt: row.retired_at,
  };
}
