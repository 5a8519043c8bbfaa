import { CrmError, type CrmRecord, type CrmRecordType } from '../connector';

/** A record as the REST API returns it (query, search, retrieve): Id, attributes and the selected fields. */
export type SfRecord = {
  Id: string;
  attributes?: { type: string; url: string };
  [field: string]: unknown;
};

interface SObjectSpec {
  sObject: string;
  /** The first three characters of its record ids (the key prefix), for standard objects. */
  prefix?: string;
  /** Person-level records come first on the card (CRM-7). */
  person: boolean;
  /** Fields that make the display name, first non-empty wins (a case has no Name: its Subject, else its number). */
  nameFields: string[];
  /** Display fields and the label the card shows for them (Salesforce's own labels). */
  display: Record<string, string>;
  /** Further fields the connector needs (AccountId to find a contact's account). */
  extra?: string[];
  /** Our field names (NewCrmRecord) → Salesforce fields, for create; absent when we cannot create it. */
  create?: Record<string, string>;
  /** Salesforce refuses these records without these fields; we say so before asking. */
  required?: string[];
}

const PERSON_CREATE = { firstName: 'FirstName', lastName: 'LastName', email: 'Email', phone: 'Phone', description: 'Description' };

const SPECS: Record<string, SObjectSpec> = {
  contact: {
    sObject: 'Contact',
    prefix: '003',
    person: true,
    nameFields: ['Name'],
    display: { Phone: 'Phone', MobilePhone: 'Mobile', Email: 'Email' },
    extra: ['AccountId'],
    create: PERSON_CREATE,
    required: ['LastName'],
  },
  lead: {
    sObject: 'Lead',
    prefix: '00Q',
    person: true,
    nameFields: ['Name'],
    display: { Phone: 'Phone', MobilePhone: 'Mobile', Email: 'Email', Company: 'Company', Status: 'Status' },
    create: { ...PERSON_CREATE, company: 'Company' },
    required: ['LastName', 'Company'],
  },
  account: {
    sObject: 'Account',
    prefix: '001',
    person: true,
    nameFields: ['Name'],
    display: { Phone: 'Phone' },
    create: { name: 'Name', phone: 'Phone', description: 'Description' },
    required: ['Name'],
  },
  case: {
    sObject: 'Case',
    prefix: '500',
    person: false,
    nameFields: ['Subject', 'CaseNumber'],
    display: { CaseNumber: 'Case Number', Status: 'Status' },
    // The Web-to-Case "supplied" fields hold who raised it when no contact is linked yet.
    create: { subject: 'Subject', description: 'Description', name: 'SuppliedName', email: 'SuppliedEmail', phone: 'SuppliedPhone', company: 'SuppliedCompany' },
  },
  // Opportunities need a stage and a close date, which the create form does not ask: not creatable here.
  opportunity: { sObject: 'Opportunity', prefix: '006', person: false, nameFields: ['Name'], display: { StageName: 'Stage', CloseDate: 'Close Date' } },
  campaign: {
    sObject: 'Campaign',
    prefix: '701',
    person: false,
    nameFields: ['Name'],
    display: { Status: 'Status', Type: 'Type' },
    create: { name: 'Name', description: 'Description' },
    required: ['Name'],
  },
};

/** The spec of one of our record types; custom objects (Household__c …) are addressed by their API name. */
export function specOf(type: CrmRecordType): SObjectSpec {
  const spec = findSpec(type);
  if (!spec) throw new CrmError('rejected', `Salesforce has no record type "${type}" that the card knows`);
  return spec;
}

/** Like specOf, null for a type the card does not know. */
export function findSpec(type: CrmRecordType): SObjectSpec | null {
  const known = SPECS[type];
  if (known) return known;
  if (/^[A-Za-z][A-Za-z0-9_]*__c$/.test(type)) return { sObject: type, person: false, nameFields: ['Name'], display: {} };
  return null;
}

/** Our type for an sObject in a search result. */
export function typeOfSObject(sObject: string): CrmRecordType {
  return Object.entries(SPECS).find(([, spec]) => spec.sObject === sObject)?.[0] ?? sObject;
}

export function selectList(type: CrmRecordType): string {
  const spec = specOf(type);
  return [...new Set(['Id', ...spec.nameFields, ...Object.keys(spec.display), ...(spec.extra ?? [])])].join(', ');
}

export function toCrmRecord(type: CrmRecordType, row: SfRecord, instanceUrl: string): CrmRecord {
  const spec = specOf(type);
  const fields: Record<string, string> = {};
  for (const [field, label] of Object.entries(spec.display)) {
    const value = text(row[field]);
    if (value) fields[label] = value;
  }
  const name = spec.nameFields.map((field) => text(row[field])).find(Boolean) ?? null;
  return { type, id: row.Id, name, person: spec.person, url: recordUrl(instanceUrl, spec.sObject, row.Id), fields };
}

/** The Lightning Experience record page. */
export function recordUrl(instanceUrl: string, sObject: string, id: string): string {
  return `${instanceUrl}/lightning/r/${sObject}/${id}/view`;
}

/** Our field names → the Salesforce record to create, or a CrmError saying what is missing or unknown. */
export function toCreateBody(type: CrmRecordType, fields: Record<string, string>): Record<string, string> {
  const spec = specOf(type);
  if (!spec.create) throw new CrmError('rejected', `creating a ${type} in Salesforce is not supported from the card`);
  const values = { ...fields };
  // A person given only a full name: Salesforce needs LastName, so the last word becomes it.
  if (values.name && !values.lastName && spec.create.lastName) {
    const words = values.name.trim().split(/\s+/);
    values.lastName = words.pop() ?? '';
    if (words.length && !values.firstName) values.firstName = words.join(' ');
    delete values.name;
  }
  const body: Record<string, string> = {};
  for (const [ours, value] of Object.entries(values)) {
    const field = spec.create[ours];
    if (!field) throw new CrmError('rejected', `a Salesforce ${spec.sObject} has no field for "${ours}"`);
    if (value.trim()) body[field] = value.trim();
  }
  const missing = (spec.required ?? []).filter((field) => !body[field]);
  if (missing.length) throw new CrmError('rejected', `Salesforce needs ${missing.join(' and ')} to create a ${spec.sObject}`);
  return body;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
