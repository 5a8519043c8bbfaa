import type { CustomerCard, InteractionCard } from '../../../src/domain/cards/customer-card';
import type { LookupResult } from '../../../src/domain/cards/lookup';
import type { ContactSummary } from '../../../src/domain/contacts/search';
import type { CrmRecord } from '../../../src/crm/connector';
import type { CrmLink } from '../../../src/crm/links';
import type { ActiveRecord, Relation } from '../../../src/crm/relates-to';
import type { FailedRecord, InteractionRecordState } from '../../../src/crm/write-back';
import type { Permission } from '../../../src/domain/access/permissions';
import type { Feature, FeatureSwitches } from '../../../src/settings/features';
import type { OutboundChannel } from '../../../src/domain/outbound/sent-message';
import type { MessageRequest } from '../../../src/domain/outbound/send-message';
import type { DuplicateSuggestion } from '../../../src/domain/merge/duplicates';
import type { MergePreview } from '../../../src/domain/merge/merge-cards';
import type { ManyMergePreview } from '../../../src/domain/merge/merge-many';
import type { UndoPreview, UndoResult } from '../../../src/domain/merge/undo-merge';
import type { FieldDefinition, FieldSettings, FieldType, LabelLanguage } from '../../../src/domain/fields/definition';
import type { ContactEdit } from '../../../src/domain/contacts/edit';
import type { AppSettings } from '../../../src/settings/app-settings';
import type { AuditEntry } from '../../../src/domain/settings-audit';
import type { CrmConnectionView } from '../../../src/crm/connection-store';
import type { Role } from '../../../src/domain/access/role-store';
import type { MappingSource, RoleMapping } from '../../../src/domain/access/roles';
import type { UserDivisions } from '../../../src/domain/access/divisions';
import type { PrivacyRequest } from '../../../src/domain/privacy/privacy-requests';
import type { ErasureCounts } from '../../../src/domain/privacy/erase-contact';

/** A value as it crosses the wire as JSON: dates become ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type InteractionCardData = Wire<InteractionCard>;
export type CustomerCardData = Wire<CustomerCard>;
export type LookupData = Wire<LookupResult>;
export type ContactSummaryData = Wire<ContactSummary>;
export type InteractionData = InteractionCardData['interaction'];
export type IdentifierData = ContactSummaryData['identifiers'][number];
export type DuplicateData = Wire<DuplicateSuggestion>;
export type MergePreviewData = Wire<MergePreview>;
export type ManyMergePreviewData = Wire<ManyMergePreview>;
export type UndoPreviewData = Wire<UndoPreview>;
export type UndoResultData = Wire<UndoResult>;
export type UndoDecisionData = UndoPreviewData['decisions'][number];
export type { Feature, FeatureSwitches, Permission };
export type CrmRecordData = Wire<CrmRecord>;
export type CrmLinkData = Wire<CrmLink>;
export type RelationData = Wire<Relation>;
export type ActiveRecordData = Wire<ActiveRecord>;
export type InteractionRecordData = Wire<InteractionRecordState>;
export type FailedRecordData = Wire<FailedRecord>;
export interface CrmData {
  crm: string;
  records: CrmRecordData[];
  links: CrmLinkData[];
  /** Records opened or linked during the interaction: what relates-to may pick. */
  active: ActiveRecordData[];
  relatedTo: RelationData[];
  /** The interaction's one record in the CRM (CRM-2): how it stands, what it holds or will hold. */
  record: InteractionRecordData;
}
export type MergeRecordData = CustomerCardData['merges'][number];
export type NoteData = CustomerCardData['notes'][number];
export type SentMessageData = CustomerCardData['sentMessages'][number];
export type { OutboundChannel };
export type NewMessage = Omit<MessageRequest, 'interactionId'> & { interactionId?: string };
export type CardFieldData = CustomerCardData['fields'][number];
export type FieldDefinitionData = Wire<FieldDefinition>;
export type NewFieldData = FieldSettings & { ident: string };
export type { ContactEdit, FieldSettings, FieldType, LabelLanguage };

export type { AppSettings, MappingSource, RoleMapping, UserDivisions };
export type CrmConnectionData = Wire<CrmConnectionView>;
/** What an admin enters: without a client secret, the stored one is kept (or tested). */
export interface CrmConnectionInput {
  kind: CrmConnectionData['kind'];
  instanceUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope?: string;
  /** Salesforce only. */
  apiVersion?: string;
  externalIdField?: string;
}
export type RoleData = Wire<Role>;
export type AuditEntryData = Wire<AuditEntry>;
export type PrivacyRequestData = Wire<PrivacyRequest>;
export type { ErasureCounts };

export interface Me {
  id: string;
  name: string;
  development: boolean;
  permissions: Permission[];
  features: FeatureSwitches;
  /** Which message providers the server has (OUT-1). */
  outbound: Record<OutboundChannel, boolean>;
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  /** A merge refused because a card was merged meanwhile: the card to open instead. */
  mergedInto?: string;
}
