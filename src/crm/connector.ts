/**
 * The one interface every CRM connector implements (built-in, Salesforce, Dynamics 365, ServiceNow).
 * Domain code and the outbox talk to this, never to a vendor SDK.
 */

export const CRM_KINDS = ['builtin', 'salesforce', 'dynamics', 'servicenow'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

/**
 * A record type in our words — contact, lead, account, case, opportunity, campaign, consumer, or a
 * custom object's name; each connector maps it to its CRM's object (Contact, contact, customer_contact …).
 */
export type CrmRecordType = string;

export interface CrmRecordRef {
  type: CrmRecordType;
  /** The CRM's own id (Salesforce 18-char id, Dataverse GUID, ServiceNow sys_id …). */
  id: string;
}

export interface CrmRecord extends CrmRecordRef {
  /** Display name; null when the CRM record has none (it can still be previewed). */
  name: string | null;
  /** Person-level records (account, contact, lead, consumer) come first on the card (CRM-7). */
  person: boolean;
  /** Opens the record in the CRM (a deep link in the CRM's own URL format). */
  url: string;
  /** A few display fields (phone, e-mail, status …), as the CRM names them for people. */
  fields: Record<string, string>;
}

/** What we know of the contact, to find their person-level records: identifiers first (CRM-2). */
export interface PersonQuery {
  /** E.164 phone numbers. */
  phones: string[];
  /** Case-folded e-mail addresses. */
  emails: string[];
  name?: string;
}

export interface NewCrmRecord {
  type: CrmRecordType;
  /** Field values in our words: name, firstName, lastName, email, phone, company, subject, description. */
  fields: Record<string, string>;
}

/** The interaction summary written to a linked record when the interaction is done (CRM-2). */
export interface InteractionActivity {
  /**
   * Stable for one interaction and one linked record. Connectors make writing idempotent with it
   * (an external id / correlation field, or read-before-write), so a retry after a crash between
   * the CRM's answer and our bookkeeping never writes twice.
   */
  idempotencyKey: string;
  interactionId: string;
  channel: 'voice' | 'voicemail' | 'sms' | 'chat' | 'email' | 'social' | 'web';
  direction: 'inbound' | 'outbound';
  subject: string;
  contactName: string | null;
  agentName: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  /** Digital interactions: the first lines of the conversation. */
  transcriptExcerpt: string | null;
  /** The linked record the activity is about. */
  regarding: CrmRecordRef;
  /** Relates-to picks (CRM-4/5): people go to the Name (WhoId) side, others to Related To (WhatId). */
  relatedTo: CrmRecordRef[];
}

export interface CrmConnector {
  readonly kind: CrmKind;
  /** Person-level records matching the contact's identifiers, then name; best first. */
  findPeople(query: PersonQuery): Promise<CrmRecord[]>;
  /** Free-text search across the record types the card shows. */
  search(text: string): Promise<CrmRecord[]>;
  get(ref: CrmRecordRef): Promise<CrmRecord | null>;
  create(record: NewCrmRecord): Promise<CrmRecord>;
  /** Records related to a record (other people of an account or household, its cases …), CRM-7. */
  related(ref: CrmRecordRef): Promise<CrmRecord[]>;
  /** Writes the activity once: a repeated call with the same idempotencyKey returns the first one's id. */
  writeActivity(activity: InteractionActivity): Promise<{ id: string }>;
  /** "Test connection": resolves, or rejects with a CrmError saying what failed. */
  check(): Promise<void>;
}

export type CrmErrorKind = 'unauthorized' | 'throttled' | 'unavailable' | 'rejected' | 'not_found';

/**
 * A CRM failure, classified so callers know what to do: retry later (throttled, honouring
 * retryAfterMs; unavailable), fix the connection (unauthorized), or give up (rejected, not_found).
 */
export class CrmError extends Error {
  constructor(
    readonly kind: CrmErrorKind,
    message: string,
    /** From Retry-After or the CRM's own throttling signal. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CrmError';
  }

  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable';
  }
}

/** Where a connector reaches its CRM and how it authenticates (OAuth 2.0 client credentials). */
export interface CrmConnectionSettings {
  kind: Exclude<CrmKind, 'builtin'>;
  /** API base: https://<instance>.my.salesforce.com, https://<org>.crm.dynamics.com, https://<instance>.service-now.com */
  instanceUrl: string;
  /** OAuth 2.0 token endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Dynamics: the resource scope, e.g. https://<org>.crm.dynamics.com/.default */
  scope?: string;
  /** Salesforce JWT bearer flow instead of client credentials: the user to act as, and the key. */
  jwt?: { username: string; privateKeyPem: string; audience?: string };
}

/**
 * CRMs where one record relates to another through its own reference fields (ServiceNow, CRM-5:
 * a consumer written into a case's Consumer field). One relation per related type.
 */
export interface RecordRelations {
  relations(record: CrmRecordRef): Promise<CrmRecordRef[]>;
  relate(record: CrmRecordRef, other: CrmRecordRef): Promise<CrmRecordRef[]>;
  unrelate(record: CrmRecordRef, type: CrmRecordType): Promise<CrmRecordRef[]>;
}

export const hasRecordRelations = (connector: CrmConnector): connector is CrmConnector & RecordRelations =>
  'relate' in connector && 'unrelate' in connector && 'relations' in connector;
