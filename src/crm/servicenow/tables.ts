import { CrmError, type CrmRecordType } from '../connector';

/** How one of our record types lives in ServiceNow: its table and the fields we read and write. */
export interface TableMapping {
  /** The Table API table, e.g. customer_contact. */
  table: string;
  /** Person-level records come first on the card (CRM-7). */
  person: boolean;
  /** The field shown as the record's name; an empty value becomes null (still previewable). */
  nameField: string;
  /** Fields the free-text search matches with LIKE. */
  searchFields: string[];
  /** Fields holding phone numbers, matched against the contact's E.164 numbers. */
  phoneFields: string[];
  /** Fields holding e-mail addresses. */
  emailFields: string[];
  /** Card display fields: our label → ServiceNow field. */
  displayFields: Record<string, string>;
  /** Our NewCrmRecord words (firstName, email, subject …) → ServiceNow fields. */
  createFields: Record<string, string>;
  /** Reference fields on this table, by the type they point to (relates-to, related records). */
  references: Record<string, string>;
  /**
   * The interaction's reference field a record of this type fills (a consumer in the Consumer
   * field); `openedFor` when the table extends sys_user, so the interaction is also opened for it.
   */
  interactionField?: { field: string; openedFor?: boolean };
  /** The table extends task (a case): its related-record row names it as a task, for Related Tasks. */
  task?: boolean;
}

/** Keyed by our record type (CrmRecordType); types without an entry are not offered. */
export type TableMappings = Record<string, TableMapping>;

/**
 * Customer Service Management out of the box. customer_contact extends sys_user, so its `name`
 * is calculated from first_name + last_name; csm_consumer keeps its own name fields.
 * Order matters: findPeople and search list person-level types in this order.
 */
export const CSM_TABLES: TableMappings = {
  contact: {
    table: 'customer_contact',
    person: true,
    nameField: 'name',
    searchFields: ['name', 'email'],
    phoneFields: ['phone', 'mobile_phone'],
    emailFields: ['email'],
    displayFields: { phone: 'phone', mobile: 'mobile_phone', email: 'email', title: 'title' },
    createFields: { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone' },
    references: { account: 'account' },
    // customer_contact extends sys_user, so a contact can be the user the interaction was opened for.
    interactionField: { field: 'contact', openedFor: true },
  },
  consumer: {
    table: 'csm_consumer',
    person: true,
    nameField: 'name',
    searchFields: ['name', 'email'],
    phoneFields: ['mobile_phone', 'business_phone', 'home_phone'],
    emailFields: ['email'],
    displayFields: { mobile: 'mobile_phone', phone: 'business_phone', home: 'home_phone', email: 'email' },
    createFields: { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'mobile_phone' },
    references: {},
    interactionField: { field: 'consumer' },
  },
  account: {
    table: 'customer_account',
    person: true,
    nameField: 'name',
    searchFields: ['name', 'number'],
    phoneFields: ['phone'],
    emailFields: [],
    displayFields: { number: 'number', phone: 'phone' },
    createFields: { name: 'name', company: 'name', phone: 'phone' },
    references: {},
    interactionField: { field: 'account' },
  },
  case: {
    table: 'sn_customerservice_case',
    person: false,
    nameField: 'short_description',
    searchFields: ['number', 'short_description'],
    phoneFields: [],
    emailFields: [],
    displayFields: { number: 'number' },
    createFields: { subject: 'short_description', description: 'description' },
    references: { contact: 'contact', consumer: 'consumer', account: 'account' },
    task: true,
  },
};

/** The tables of a connection, looked up by our record type. */
export class Tables {
  constructor(readonly mappings: TableMappings) {}

  find(type: CrmRecordType): TableMapping | undefined {
    return Object.hasOwn(this.mappings, type) ? this.mappings[type] : undefined;
  }

  require(type: CrmRecordType): TableMapping {
    const mapping = this.find(type);
    if (!mapping) throw new CrmError('rejected', `ServiceNow has no table configured for record type "${type}"`);
    return mapping;
  }

  entries(): [CrmRecordType, TableMapping][] {
    return Object.entries(this.mappings);
  }

  people(): [CrmRecordType, TableMapping][] {
    return this.entries().filter(([, mapping]) => mapping.person);
  }

  /** The fields a record read needs: its id, name, display fields and references. */
  readFields(mapping: TableMapping): string[] {
    return [...new Set(['sys_id', mapping.nameField, ...Object.values(mapping.displayFields), ...Object.values(mapping.references)])];
  }
}

const SYS_ID = /^[0-9a-f]{32}$/;

/**
 * sys_ids are 32 lowercase hex digits. Checking the shape before an id reaches a URL or an
 * encoded query keeps a hostile id ("x^ORactive=true") from widening a query.
 */
export function isSysId(id: string): boolean {
  return SYS_ID.test(id);
}
