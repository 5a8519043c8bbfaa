import type { CrmRecord, CrmRecordType } from '../connector';
import { text, type Row } from './row';
import type { TableMapping } from './tables';

/**
 * Opens the record in the classic UI, which every instance has. (The CSM Configurable Workspace
 * link, /now/cwf/agent/record/<table>/<sys_id>, needs the workspace plugin and role.)
 */
export function recordUrl(instanceUrl: string, table: string, id: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}/nav_to.do?uri=${table}.do?sys_id=${id}`;
}

export function toCrmRecord(instanceUrl: string, type: CrmRecordType, mapping: TableMapping, row: Row): CrmRecord {
  const id = text(row, 'sys_id');
  const fields: Record<string, string> = {};
  for (const [label, field] of Object.entries(mapping.displayFields)) {
    const value = text(row, field);
    if (value !== '') fields[label] = value;
  }
  return { type, id, name: text(row, mapping.nameField).trim() || null, person: mapping.person, url: recordUrl(instanceUrl, mapping.table, id), fields };
}

/** Words of NewCrmRecord.fields; a word the table has no field for is dropped. */
const OUR_WORDS = new Set(['name', 'firstName', 'lastName', 'email', 'phone', 'company', 'subject', 'description']);
/** Custom fields (u_…) pass through as they are, so an admin's extra form fields reach the CRM. */
const CUSTOM_FIELD = /^u_[a-z0-9_]+$/;

export function createBody(mapping: TableMapping, fields: Record<string, string>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [word, value] of Object.entries(fields)) {
    const field = mapping.createFields[word];
    if (field) body[field] ??= value;
    else if (!OUR_WORDS.has(word) && CUSTOM_FIELD.test(word)) body[word] = value;
  }
  // People tables hold first and last name (customer_contact calculates `name` from them).
  const first = mapping.createFields.firstName;
  const last = mapping.createFields.lastName;
  if (fields.name && first && last && !fields.firstName && !fields.lastName) {
    const name = fields.name.trim();
    const space = name.lastIndexOf(' ');
    body[first] = space > 0 ? name.slice(0, space) : '';
    body[last] = space > 0 ? name.slice(space + 1) : name;
  }
  return body;
}
