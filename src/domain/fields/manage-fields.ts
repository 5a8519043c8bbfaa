import { audit } from '../settings-audit';
import type { Db, Queryable } from '../../store/db';
import type { Actor } from '../access/permissions';
import { DomainError, invalid, notFound } from '../errors';
import type { FieldDefinition, FieldSettings, NewField } from './definition';
import { findField, findFieldIgnoringCase, insertField, listFields, lockFields, setFieldOrder, setFieldRetired, updateFieldSettings } from './fields-store';

// An admin's changes to the custom fields (FIELD-2, ADMIN-2), each audited in the transaction that
// makes it. The ident is fixed at creation: it keys every card's values, so it is never renamed.

/** Who changes the fields, for the audit. */
type Admin = Pick<Actor, 'id' | 'name'>;

const settingOf = (ident: string) => `customFields.${ident}`;

export async function createField(db: Db, admin: Admin, field: NewField): Promise<FieldDefinition> {
  return db.transaction(async (tx) => {
    const created = await insertField(tx, field);
    if (!created) throw await identTaken(tx, field.ident);
    await audit(tx, admin, settingOf(created.ident), null, auditedSettings(created));
    return created;
  });
}

async function identTaken(tx: Queryable, ident: string): Promise<DomainError> {
  const existing = await findFieldIgnoringCase(tx, ident);
  const retired = existing?.retiredAt ? ' (it is retired: restore it instead)' : '';
  return new DomainError('conflict', `a field with the ident ${existing?.ident ?? ident} already exists${retired}`, 'ident');
}

export async function editField(db: Db, admin: Admin, ident: string, settings: FieldSettings): Promise<FieldDefinition> {
  return db.transaction(async (tx) => {
    const before = await findField(tx, ident, { forUpdate: true });
    const after = await updateFieldSettings(tx, ident, settings);
    if (!before || !after) throw noSuchField(ident);
    await audit(tx, admin, settingOf(ident), auditedSettings(before), auditedSettings(after));
    return after;
  });
}

/** Puts the fields in the order given, which must name each field (retired ones too) exactly once. */
export async function reorderFields(db: Db, admin: Admin, idents: string[]): Promise<FieldDefinition[]> {
  return db.transaction(async (tx) => {
    const existing = await lockFields(tx);
    const duplicate = idents.find((ident, i) => idents.indexOf(ident) !== i);
    if (duplicate !== undefined) throw invalid(`${duplicate} is listed twice`, 'idents');
    const missing = existing.filter((ident) => !idents.includes(ident));
    const unknown = idents.filter((ident) => !existing.includes(ident));
    if (missing.length > 0 || unknown.length > 0) {
      const differences = [missing.length > 0 && `not listed: ${missing.join(', ')}`, unknown.length > 0 && `no such field: ${unknown.join(', ')}`];
      throw new DomainError('conflict', `the order must list every field once (${differences.filter(Boolean).join('; ')}); reload the fields and try again`, 'idents');
    }
    const before = (await listFields(tx)).map((f) => f.ident);
    await setFieldOrder(tx, idents);
    await audit(tx, admin, 'customFields.order', before, idents);
    return listFields(tx);
  });
}

/** Retired fields disappear from cards and edit forms; every card keeps its value for a restore. */
export async function retireField(db: Db, admin: Admin, ident: string): Promise<FieldDefinition> {
  return setRetired(db, admin, ident, true);
}

export async function restoreField(db: Db, admin: Admin, ident: string): Promise<FieldDefinition> {
  return setRetired(db, admin, ident, false);
}

async function setRetired(db: Db, admin: Admin, ident: string, retired: boolean): Promise<FieldDefinition> {
  return db.transaction(async (tx) => {
    const before = await findField(tx, ident, { forUpdate: true });
    const after = await setFieldRetired(tx, ident, retired);
    if (!before || !after) throw noSuchField(ident);
    if ((before.retiredAt !== null) !== retired) await audit(tx, admin, settingOf(ident), { retired: !retired }, { retired });
    return after;
  });
}

const noSuchField = (ident: string) => notFound(`there is no field ${ident}`);

/** What an audit entry records of a field: its settings, not its place in the list. */
const auditedSettings = ({ labels, type, options, visibleInPanel, editable, visibleOnCard }: FieldDefinition): FieldSettings =>
  ({ labels, type, options, visibleInPanel, editable, visibleOnCard });
