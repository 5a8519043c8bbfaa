import type { CrmRecord, CrmRecordRef } from '../connector';
import { allOf, equals, notEquals, orderBy } from './encoded-query';
import { toCrmRecord } from './records';
import { text } from './row';
import type { TableApi } from './table-api';
import { isSysId, type TableMapping, type Tables } from './tables';

const RELATED_LIMIT = 50;

/**
 * Records related to a record (CRM-7), read from the reference fields in the table mappings, so a
 * new mapping brings its relations along:
 * - what the record points to (a contact's account, a case's contact, consumer and account);
 * - what points to it (an account's contacts and cases, a contact's or consumer's cases);
 * - its siblings under a person-level parent (the other contacts of a contact's account).
 * Person-level records come first.
 */
export async function relatedRecords(api: TableApi, tables: Tables, instanceUrl: string, ref: CrmRecordRef): Promise<CrmRecord[]> {
  const mapping = tables.find(ref.type);
  if (!mapping || !isSysId(ref.id)) return [];
  const row = await api.get(mapping.table, ref.id, tables.readFields(mapping));
  if (!row) return [];
  const parents = Object.entries(mapping.references)
    .map(([type, field]) => ({ type, field, id: text(row, field) }))
    .filter((p) => tables.find(p.type) && isSysId(p.id));

  const read = async (type: string, other: TableMapping, query: string): Promise<CrmRecord[]> => {
    const rows = await api.list(other.table, { query: allOf([query, orderBy(other.nameField)]), fields: tables.readFields(other), limit: RELATED_LIMIT });
    return rows.map((r) => toCrmRecord(instanceUrl, type, other, r));
  };
  const lookups: Promise<CrmRecord[] | CrmRecord | null>[] = [
    ...parents.map(async (p) => {
      const parent = tables.require(p.type);
      const found = await api.get(parent.table, p.id, tables.readFields(parent));
      return found ? toCrmRecord(instanceUrl, p.type, parent, found) : null;
    }),
    ...tables.entries().flatMap(([type, other]) => {
      const field = other.references[ref.type];
      return field ? [read(type, other, equals(field, ref.id))] : [];
    }),
    ...parents
      .filter((p) => tables.require(p.type).person)
      .map((p) => read(ref.type, mapping, allOf([equals(p.field, p.id), notEquals('sys_id', ref.id)]))),
  ];
  const found = (await Promise.all(lookups)).flat().filter((r): r is CrmRecord => r !== null);
  return unique(found.filter((r) => !(r.type === ref.type && r.id === ref.id))).sort((a, b) => Number(b.person) - Number(a.person));
}

function unique(records: CrmRecord[]): CrmRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.type}:${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
