import type { CrmRecord, CrmRecordType } from '../connector';

/** A Dataverse row as the Web API returns it (OData v4 JSON, lookups as _<column>_value). */
export type Row = Record<string, unknown>;

/** How one of our record types lives in Dataverse. */
export interface EntityDef {
  type: CrmRecordType;
  /** Logical name: the deep link's etn, the middle part of lookup navigation properties. */
  logicalName: string;
  /** Entity set name: the Web API collection. */
  set: string;
  /** Primary key column. */
  id: string;
  /** Primary name column (fullname is computed by Dataverse from firstname and lastname). */
  name: string;
  person: boolean;
  /** Phone and e-mail columns findPeople matches on; people only. */
  phones: string[];
  emails: string[];
  /** Display fields in our words → the column they come from. */
  display: Record<string, string>;
}

// Order matters: findPeople, search and related list person-level types first, contacts before
// leads before accounts (CRM-7).
export const ENTITIES: readonly EntityDef[] = [
  {
    type: 'contact', logicalName: 'contact', set: 'contacts', id: 'contactid', name: 'fullname', person: true,
    phones: ['telephone1', 'mobilephone'], emails: ['emailaddress1'],
    display: { phone: 'telephone1', mobilePhone: 'mobilephone', email: 'emailaddress1', jobTitle: 'jobtitle' },
  },
  {
    type: 'lead', logicalName: 'lead', set: 'leads', id: 'leadid', name: 'fullname', person: true,
    phones: ['telephone1', 'mobilephone'], emails: ['emailaddress1'],
    display: { phone: 'telephone1', mobilePhone: 'mobilephone', email: 'emailaddress1', company: 'companyname', subject: 'subject' },
  },
  {
    type: 'account', logicalName: 'account', set: 'accounts', id: 'accountid', name: 'name', person: true,
    // Accounts have no mobilephone column.
    phones: ['telephone1'], emails: ['emailaddress1'],
    display: { phone: 'telephone1', email: 'emailaddress1' },
  },
  {
    type: 'case', logicalName: 'incident', set: 'incidents', id: 'incidentid', name: 'title', person: false,
    phones: [], emails: [],
    display: { ticketNumber: 'ticketnumber' },
  },
  {
    type: 'opportunity', logicalName: 'opportunity', set: 'opportunities', id: 'opportunityid', name: 'name', person: false,
    phones: [], emails: [],
    display: {},
  },
];

export const PERSON_ENTITIES = ENTITIES.filter((e) => e.person);

export function entityFor(type: CrmRecordType): EntityDef | undefined {
  return ENTITIES.find((e) => e.type === type);
}

export function entityByLogicalName(logicalName: string): EntityDef | undefined {
  return ENTITIES.find((e) => e.logicalName === logicalName);
}

/** The columns to $select for a record of this type: nothing more is sent over the wire. */
export function selectFor(def: EntityDef): string[] {
  return [...new Set([def.id, def.name, ...def.phones, ...def.emails, ...Object.values(def.display)])];
}

/** Opens the row in the Unified Interface (main.aspx with pagetype=entityrecord, etn and id). */
export function recordUrl(instanceUrl: string, logicalName: string, id: string): string {
  return `${instanceUrl}/main.aspx?pagetype=entityrecord&etn=${logicalName}&id=${id}`;
}

export function text(row: Row, column: string): string | null {
  const value = row[column];
  if (typeof value === 'string') return value.length ? value : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // dynamics-web-api revives ISO dates into Date objects.
  if (value instanceof Date) return value.toISOString();
  return null;
}

export function toRecord(instanceUrl: string, def: EntityDef, row: Row): CrmRecord {
  const id = text(row, def.id) ?? '';
  const fields: Record<string, string> = {};
  for (const [ours, column] of Object.entries(def.display)) {
    const value = text(row, column);
    if (value !== null) fields[ours] = value;
  }
  return { type: def.type, id, name: text(row, def.name), person: def.person, url: recordUrl(instanceUrl, def.logicalName, id), fields };
}

export const isGuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
