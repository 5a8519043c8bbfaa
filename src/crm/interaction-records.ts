import { requirePermission } from '../domain/access/permissions';
import type { ActingUser } from '../domain/access/users';
import { loadInteractionCard } from '../domain/cards/customer-card';
import { DomainError, notFound } from '../domain/errors';
import { announceInteractionChanged } from '../domain/changes';
import { requireFeature } from '../settings/features';
import type { Db } from '../store/db';
import type { CrmConnector, CrmKind, CrmRecord, CrmRecordRef, NewCrmRecord } from './connector';
import { draftActivity } from './activity-sender';
import { linkRecord, listLinks, unlinkRecord, type CrmLink } from './links';
import { recordState, resendRecord, type InteractionRecordState } from './write-back';
import { activeRecords, recordOpened, relate, relationsOf, unrelate, type ActiveRecord, type Relation } from './relates-to';

/** The CRM side of an interaction's card: the contact's records, what is linked and related. */
export interface InteractionCrm {
  crm: CrmKind;
  /** The contact's person-level records in the CRM, matched by identifiers then name. */
  records: CrmRecord[];
  links: CrmLink[];
  active: ActiveRecord[];
  relatedTo: Relation[];
  /** The interaction's one record in the CRM (CRM-2): how it stands, what it holds or will hold. */
  record: InteractionRecordState;
}

/**
 * What a user does with CRM records on an interaction (CRM-1 … CRM-6), for the tab's API and the
 * bot's card actions alike: each checks the permission, the admin's feature switch, and that the
 * user sees the interaction (outside their divisions it does not exist for them).
 */
export class InteractionRecords {
  constructor(
    private readonly db: Db,
    private readonly connector: () => CrmConnector,
  ) {}

  async overview(user: ActingUser, interactionId: string): Promise<InteractionCrm> {
    const card = await loadInteractionCard(this.db, interactionId, user);
    const identifiers = card.card?.contact.identifiers ?? [];
    const connector = this.connector();
    const [records, links, active, relatedTo, record] = await Promise.all([
      connector.findPeople({
        phones: identifiers.filter((i) => i.kind === 'phone').map((i) => i.value),
        emails: identifiers.filter((i) => i.kind === 'email').map((i) => i.value),
        name: card.card?.contact.name ?? undefined,
      }),
      listLinks(this.db, interactionId),
      activeRecords(this.db, interactionId),
      relationsOf(this.db, interactionId, connector.kind),
      this.recordWithPlan(interactionId, connector),
    ]);
    return { crm: connector.kind, records, links, active, relatedTo, record };
  }

  /**
   * Resend (CRM-2): the interaction's record is queued again with the links and relations as they are
   * now, after the agent corrected what the CRM refused.
   */
  async resend(user: ActingUser, interactionId: string): Promise<InteractionRecordState> {
    requirePermission(user, 'interactions:link', 'resend the interaction record to the CRM');
    await loadInteractionCard(this.db, interactionId, user);
    const queued = await this.db.transaction(async (tx) => {
      if (!(await resendRecord(tx, interactionId))) return false;
      await announceInteractionChanged(tx, interactionId);
      return true;
    });
    if (!queued) throw new DomainError('conflict', 'this interaction has no record to resend yet: it is written when the interaction reaches its write-back point');
    return recordState(this.db, interactionId);
  }

  /**
   * Before it is written, the record shows what the CRM will hold (a default it forbids is dropped,
   * with the reason) — the plan asks the CRM what the org allows, so an unreachable CRM leaves it out.
   */
  private async recordWithPlan(interactionId: string, connector: CrmConnector): Promise<InteractionRecordState> {
    const record = await recordState(this.db, interactionId);
    if (record.state === 'written') return record;
    const draft = await draftActivity(this.db, interactionId, connector.kind);
    if (!draft || draft.records.length === 0) return record;
    const plan = await connector.planActivity(draft).catch(() => record.plan);
    return { ...record, plan };
  }

  /** The agent opened a record in the CRM: it is now active in this interaction (CRM-4). */
  async opened(user: ActingUser, interactionId: string, ref: CrmRecordRef): Promise<void> {
    await loadInteractionCard(this.db, interactionId, user);
    await recordOpened(this.db, interactionId, await this.record(ref));
  }

  async link(user: ActingUser, interactionId: string, ref: CrmRecordRef): Promise<CrmRecord> {
    await this.allowed(user, interactionId, 'crm.link', 'link CRM records');
    const record = await this.record(ref);
    await linkRecord(this.db, interactionId, record, user.name);
    return record;
  }

  async unlink(user: ActingUser, interactionId: string, ref: CrmRecordRef): Promise<void> {
    await this.allowed(user, interactionId, 'crm.link', 'unlink CRM records');
    await unlinkRecord(this.db, interactionId, ref);
  }

  /** Relates-to (CRM-4, CRM-5): the activity also relates to this record, in its slot. */
  async relate(user: ActingUser, interactionId: string, ref: CrmRecordRef): Promise<Relation[]> {
    await this.allowed(user, interactionId, 'crm.relatesTo', 'relate CRM records');
    await relate(this.db, interactionId, this.connector().kind, ref, user.name);
    return relationsOf(this.db, interactionId, this.connector().kind);
  }

  async unrelate(user: ActingUser, interactionId: string, ref: CrmRecordRef): Promise<Relation[]> {
    await this.allowed(user, interactionId, 'crm.relatesTo', 'relate CRM records');
    await unrelate(this.db, interactionId, ref);
    return relationsOf(this.db, interactionId, this.connector().kind);
  }

  /** Create (CRM-6): a new CRM record, linked to the interaction so it appears on the card. */
  async create(user: ActingUser, interactionId: string, record: NewCrmRecord): Promise<CrmRecord> {
    await this.allowed(user, interactionId, 'crm.create', 'create CRM records');
    const created = await this.connector().create(record);
    await linkRecord(this.db, interactionId, created, user.name);
    return created;
  }

  links(interactionId: string): Promise<CrmLink[]> {
    return listLinks(this.db, interactionId);
  }

  private async allowed(user: ActingUser, interactionId: string, feature: Parameters<typeof requireFeature>[1], toDo: string): Promise<void> {
    requirePermission(user, 'interactions:link', toDo);
    await requireFeature(this.db, feature);
    await loadInteractionCard(this.db, interactionId, user);
  }

  private async record(ref: CrmRecordRef): Promise<CrmRecord> {
    const record = await this.connector().get(ref);
    if (!record) throw notFound(`the CRM has no ${ref.type} ${ref.id}`);
    return record;
  }
}
