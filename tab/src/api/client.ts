import type { Host } from '../host/host';
import type {
  AppSettings, AuditEntryData, CardFieldData, ContactEdit, ContactSummaryData, CrmConnectionData, CrmConnectionInput, CrmData, CrmRecordData, CustomerCardData, DuplicateData,
  ErasureCounts, FailedRecordData, FeatureSwitches, FieldDefinitionData, FieldSettings, InteractionCardData, InteractionRecordData, LookupData, MappingSource, Me, MergePreviewData, ManyMergePreviewData, UndoPreviewData, UndoResultData, NewFieldData, NewMessage, NoteData, Permission, PrivacyRequestData, Problem, SentMessageData,
  RoleData, RoleMapping, UserDivisions,
} from './types';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface NewContact {
  name: string;
  phone?: string;
  email?: string;
  /** Custom field values by ident (FIELD-1). */
  fields?: Record<string, string>;
  interactionId?: string;
}

/** The tab's calls to /api, authenticated with the host's Teams SSO token. */
export class ApiClient {
  constructor(private readonly host: Host, private readonly base = '/api') {}

  /** The Authorization header; a Teams SSO failure (e.g. consent needed) is a 401 to the caller. */
  async headers(): Promise<Record<string, string>> {
    let token: string | null;
    try {
      token = await this.host.getToken();
    } catch (error) {
      throw new ApiError({ status: 401, detail: error instanceof Error ? error.message : String(error) });
    }
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  me = () => this.request<Me>('GET', '/me');
  interaction = (id: string) => this.request<InteractionCardData>('GET', `/interactions/${encodeURIComponent(id)}`);
  contact = (id: string) => this.request<CustomerCardData>('GET', `/contacts/${encodeURIComponent(id)}`);
  search = (q: string) => this.request<{ contacts: ContactSummaryData[] }>('GET', `/contacts?${new URLSearchParams({ q })}`);
  lookup = (by: { phone: string } | { email: string }) => this.request<LookupData>('GET', `/lookup?${new URLSearchParams(by)}`);
  /** The custom fields to fill in when adding a contact. */
  contactFields = () => this.request<{ fields: CardFieldData[] }>('GET', '/fields');
  createContact = (contact: NewContact) => this.request<CustomerCardData>('POST', '/contacts', contact);
  editContact = (id: string, edit: ContactEdit) => this.request<CustomerCardData>('PUT', `/contacts/${encodeURIComponent(id)}`, edit);
  deleteContact = (id: string) => this.request<void>('DELETE', `/contacts/${encodeURIComponent(id)}`);
  adminFields = () => this.request<{ fields: FieldDefinitionData[] }>('GET', '/admin/fields');
  createField = (field: NewFieldData) => this.request<FieldDefinitionData>('POST', '/admin/fields', field);
  editField = (ident: string, settings: FieldSettings) => this.request<FieldDefinitionData>('PUT', `/admin/fields/${encodeURIComponent(ident)}`, settings);
  reorderFields = (idents: string[]) => this.request<{ fields: FieldDefinitionData[] }>('PUT', '/admin/field-order', { idents });
  retireField = (ident: string) => this.request<FieldDefinitionData>('POST', `/admin/fields/${encodeURIComponent(ident)}/retire`);
  restoreField = (ident: string) => this.request<FieldDefinitionData>('POST', `/admin/fields/${encodeURIComponent(ident)}/restore`);
  adminSettings = () => this.request<AppSettings>('GET', '/admin/settings');
  saveSettings = (changes: Partial<AppSettings>) => this.request<AppSettings>('PUT', '/admin/settings', changes);
  adminFeatures = () => this.request<{ features: FeatureSwitches }>('GET', '/admin/features');
  switchFeatures = (changes: Partial<FeatureSwitches>) => this.request<{ features: FeatureSwitches }>('PUT', '/admin/features', changes);
  crmConnection = () => this.request<{ connection: CrmConnectionData | null }>('GET', '/admin/crm-connection');
  saveCrmConnection = (input: CrmConnectionInput) => this.request<{ connection: CrmConnectionData }>('PUT', '/admin/crm-connection', input);
  testCrmConnection = (input: CrmConnectionInput) => this.request<{ ok: true }>('POST', '/admin/crm-connection/test', input);
  disconnectCrm = () => this.request<{ connection: null }>('DELETE', '/admin/crm-connection');
  /** Interaction records the CRM refused or that were given up on (dead letters), newest first. */
  failedRecords = () => this.request<{ records: FailedRecordData[] }>('GET', '/admin/crm-records/failed');
  resendFailedRecord = (interactionId: string) => this.request<void>('POST', `/admin/crm-records/${encodeURIComponent(interactionId)}/resend`);
  adminRoles = () => this.request<{ roles: RoleData[]; permissions: Permission[] }>('GET', '/admin/roles');
  putRole = (name: string, permissions: Permission[]) => this.request<{ role: RoleData }>('PUT', `/admin/roles/${encodeURIComponent(name)}`, { permissions });
  deleteRole = (name: string) => this.request<void>('DELETE', `/admin/roles/${encodeURIComponent(name)}`);
  roleMappings = () => this.request<{ mappings: RoleMapping[] }>('GET', '/admin/role-mappings');
  putRoleMapping = (mapping: RoleMapping) => this.request<{ mappings: RoleMapping[] }>('PUT', '/admin/role-mappings', mapping);
  deleteRoleMapping = (source: MappingSource, value: string) =>
    this.request<void>('DELETE', `/admin/role-mappings/${encodeURIComponent(source)}/${encodeURIComponent(value)}`);
  adminDivisions = () => this.request<{ users: UserDivisions[]; divisions: string[] }>('GET', '/admin/divisions');
  setUserDivisions = (userId: string, divisions: string[]) =>
    this.request<{ userId: string; divisions: string[] }>('PUT', `/admin/divisions/users/${encodeURIComponent(userId)}`, { divisions });
  settingsAudit = () => this.request<{ entries: AuditEntryData[] }>('GET', '/admin/audit');
  /** Everything stored about the card (ADMIN-4), as the JSON the admin downloads. */
  exportContact = (id: string) => this.request<unknown>('GET', `/admin/privacy/contacts/${encodeURIComponent(id)}/export`);
  eraseContact = (id: string) => this.request<{ erased: ErasureCounts }>('POST', `/admin/privacy/contacts/${encodeURIComponent(id)}/erase`, { confirm: id });
  privacyRequests = () => this.request<{ requests: PrivacyRequestData[] }>('GET', '/admin/privacy/requests');
  duplicates = (contactId: string) => this.request<{ duplicates: DuplicateData[] }>('GET', `/contacts/${encodeURIComponent(contactId)}/duplicates`);
  /** "Not a duplicate" (MERGE-8): the card no longer hints at the other, for anyone; answers the card. */
  dismissDuplicateHint = (contactId: string, otherId: string) =>
    this.request<CustomerCardData>('POST', `/contacts/${encodeURIComponent(contactId)}/duplicate-hints/${encodeURIComponent(otherId)}/dismiss`);
  previewMerge = (survivorId: string, contactId: string) =>
    this.request<MergePreviewData>('GET', `/contacts/${encodeURIComponent(survivorId)}/merge?${new URLSearchParams({ contactId })}`);
  /** `keep`: per conflicting field (`name`, `fields.<ident>`), whose value stays; the survivor's where left out. */
  merge = (survivorId: string, contactId: string, keep: Record<string, 'survivor' | 'merged'> = {}) =>
    this.request<{ mergeId: string; card: CustomerCardData }>('POST', `/contacts/${encodeURIComponent(survivorId)}/merge`, { contactId, keep });
  /** Several cards merged into one at once (MERGE-7): each card's values, and which stay (`keep`: per value, the card's id). */
  previewMergeMany = (survivorId: string, contactIds: string[], keep: Record<string, string> = {}) =>
    this.request<ManyMergePreviewData>('GET', `/contacts/${encodeURIComponent(survivorId)}/merges/preview?${new URLSearchParams({ contactIds: contactIds.join(','), ...Object.fromEntries(Object.entries(keep).map(([field, id]) => [`keep.${field}`, id])) })}`);
  mergeMany = (survivorId: string, contactIds: string[], keep: Record<string, string> = {}) =>
    this.request<{ groupId: string; mergeIds: string[]; card: CustomerCardData }>('POST', `/contacts/${encodeURIComponent(survivorId)}/merges`, { contactIds, keep });
  /** What undoing the merge would do (MERGE-6): what comes back, what later work stays. */
  previewUndoMerge = (contactId: string, mergeId: string) =>
    this.request<UndoPreviewData>('GET', `/contacts/${encodeURIComponent(contactId)}/merges/${encodeURIComponent(mergeId)}/undo`);
  undoMerge = (contactId: string, mergeId: string) =>
    this.request<{ undone: UndoResultData; card: CustomerCardData }>('POST', `/contacts/${encodeURIComponent(contactId)}/merges/${encodeURIComponent(mergeId)}/undo`);
  crm = (interactionId: string) => this.request<CrmData>('GET', `/interactions/${encodeURIComponent(interactionId)}/crm`);
  link = (interactionId: string, record: { type: string; id: string }) =>
    this.request<Pick<CrmData, 'links'>>('PUT', `/interactions/${encodeURIComponent(interactionId)}/crm/links`, record);
  unlink = (interactionId: string, record: { type: string; id: string }) =>
    this.request<Pick<CrmData, 'links'>>('DELETE', `/interactions/${encodeURIComponent(interactionId)}/crm/links/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}`);
  createRecord = (interactionId: string, record: { type: string; fields: Record<string, string> }) =>
    this.request<{ record: CrmRecordData; links: CrmData['links'] }>('POST', `/interactions/${encodeURIComponent(interactionId)}/crm/records`, record);
  /** Queues the interaction's record again after the CRM refused it (CRM-2). */
  resendRecord = (interactionId: string) =>
    this.request<{ record: InteractionRecordData }>('POST', `/interactions/${encodeURIComponent(interactionId)}/crm/record/resend`);
  opened = (interactionId: string, record: { type: string; id: string }) =>
    this.request<void>('POST', `/interactions/${encodeURIComponent(interactionId)}/crm/opened`, { type: record.type, id: record.id });
  relate = (interactionId: string, record: { type: string; id: string }) =>
    this.request<Pick<CrmData, 'relatedTo'>>('PUT', `/interactions/${encodeURIComponent(interactionId)}/crm/relates-to`, { type: record.type, id: record.id });
  unrelate = (interactionId: string, record: { type: string; id: string }) =>
    this.request<Pick<CrmData, 'relatedTo'>>('DELETE', `/interactions/${encodeURIComponent(interactionId)}/crm/relates-to/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}`);
  recordRelations = (record: { type: string; id: string }) =>
    this.request<{ relations: CrmRecordData[] }>('GET', `/crm/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}/relations`);
  relateRecords = (record: { type: string; id: string }, other: { type: string; id: string }) =>
    this.request<{ relations: CrmRecordData[] }>('PUT', `/crm/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}/relations`, { type: other.type, id: other.id });
  unrelateRecords = (record: { type: string; id: string }, type: string) =>
    this.request<{ relations: CrmRecordData[] }>('DELETE', `/crm/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}/relations/${encodeURIComponent(type)}`);
  related = (record: { type: string; id: string }) =>
    this.request<{ records: CrmRecordData[] }>('GET', `/crm/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}/related`);
  addNote = (contactId: string, text: string) => this.request<NoteData>('POST', `/contacts/${encodeURIComponent(contactId)}/notes`, { text });
  editNote = (noteId: string, text: string) => this.request<NoteData>('PUT', `/notes/${encodeURIComponent(noteId)}`, { text });
  deleteNote = (noteId: string) => this.request<void>('DELETE', `/notes/${encodeURIComponent(noteId)}`);
  sendMessage = (contactId: string, message: NewMessage) => this.request<SentMessageData>('POST', `/contacts/${encodeURIComponent(contactId)}/messages`, message);
  reattach = (interactionId: string, contactId: string) =>
    this.request<InteractionCardData>('PUT', `/interactions/${encodeURIComponent(interactionId)}/contact`, { contactId });

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = await this.headers();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError({ status: 0, detail: 'network' });
    }
    if (response.ok) {
      // 204, or a 202 that only says the work was queued: no body.
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const problem = (await response.json().catch(() => null)) as Problem | null;
    throw new ApiError(problem ?? { status: response.status });
  }
}
