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

/** An agent as the contact-center platform names them; the e-mail finds their CRM user. */
export interface AgentOfRecord {
  id: string;
  name: string | null;
  /** The agent's id when it is an e-mail address (a UPN): Salesforce User.Email, ServiceNow sys_user.email, Dataverse internalemailaddress. */
  email: string | null;
}

/** How a record came to be on the interaction record. */
export type RecordSource =
  /** Linked by the agent (CRM-1). */
  | 'link'
  /** Chosen by the agent in relates-to (CRM-4, CRM-5), in `slot`. */
  | 'relation'
  /** Relates-to's default: the record opened last, when the agent chose none (CRM-4). */
  | 'default';

export interface ActivityRecord extends CrmRecordRef {
  source: RecordSource;
  /** Relates-to slot ('who' = Name, 'what' = Related To; ServiceNow: the record type). */
  slot?: string;
}

/**
 * The one interaction record a CRM holds for an interaction (CRM-2): written at the first
 * write-back point, brought up to date at later ones (a transfer, then the end), never a second one.
 */
export interface InteractionActivity {
  /**
   * Stable for one interaction. Connectors upsert by it (an external-id field, a client-chosen
   * primary key, or read-before-write), so a retry after a crash between the CRM's commit and ours,
   * and every later write-back point, land on the same record.
   */
  idempotencyKey: string;
  interactionId: string;
  channel: 'voice' | 'voicemail' | 'sms' | 'chat' | 'email' | 'social' | 'web';
  direction: 'inbound' | 'outbound';
  subject: string;
  contactName: string | null;
  /** The customer's identifiers as the interaction carried them (E.164 phone, e-mail). */
  customer: { phone: string | null; email: string | null };
  /**
   * Who handled the work being written: the agent before a transfer or unassignment, the agent at
   * the end otherwise. The first agent written stays the record's owner on later updates.
   */
  agent: AgentOfRecord | null;
  /** Everyone who handled the interaction up to this write, in order (the agent of record first). */
  agents: AgentOfRecord[];
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  /** Digital interactions: the first lines of the conversation. */
  transcriptExcerpt: string | null;
  /**
   * Every record the agent linked or related, each once: links first (in linking order), then the
   * relates-to picks, then relates-to's default. The connector decides where each goes in its model.
   */
  records: ActivityRecord[];
}

/** Where a record went on the interaction record, in the CRM's own words (WhoId, consumer, regarding …). */
export interface PlacedRecord extends CrmRecordRef {
  as: string;
}

/** A record the interaction record cannot hold, and why, in words an agent can act on. */
export interface DroppedRecord extends CrmRecordRef {
  reason: string;
}

/** What the CRM will hold for an interaction: decided before writing, so a forbidden relation never costs the write. */
export interface ActivityPlan {
  placed: PlacedRecord[];
  dropped: DroppedRecord[];
}

export interface WrittenActivity {
  /** The interaction record's id in the CRM (Task id, interaction sys_id, activityid …). */
  id: string;
  /** Opens it in the CRM. */
  url: string | null;
  plan: ActivityPlan;
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
  /**
   * Where each of the activity's records will go and which the CRM's rules leave out (a lead as Name
   * with a Related To in Salesforce …). May ask the CRM what the org allows (e.g. Shared Activities).
   */
  planActivity(activity: InteractionActivity): Promise<ActivityPlan>;
  /**
   * Creates the interaction's one record, or updates it when it exists (same idempotencyKey): every
   * placed record related, nothing dropped written. Rejects with CrmError('rejected') carrying the
   * CRM's own words when the CRM refuses the content.
   */
  writeActivity(activity: InteractionActivity): Promise<WrittenActivity>;
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
  /** Salesforce REST API version ("66.0"); by default the highest the org offers. */
  apiVersion?: string;
  /** Salesforce: the Task's External ID field that carries the interaction key (default CustomerCard_Interaction_Key__c). */
  externalIdField?: string;
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
