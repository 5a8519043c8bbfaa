import { CrmError, type ActivityPlan, type InteractionActivity } from '../connector';
import { placeRecords, RELATED_RECORD, toPlan, type Placement } from './activity-plan';
import type { AgentUsers } from './agent-users';
import { allOf, equals } from './encoded-query';
import { interactionFields, workNotes, type Channel } from './interaction-fields';
import { text, type Row } from './row';
import type { TableApi } from './table-api';
import type { Tables } from './tables';

export const INTERACTION = 'interaction';
/** More related rows or journal entries than one interaction ever gets: the read sees them all. */
const READ_LIMIT = 100;

export interface InteractionWriterOptions {
  /** String field on `interaction` holding the activity's idempotency key. */
  keyField: string;
  /** interaction.type per channel. */
  types: Record<Channel, string>;
}

/**
 * Writes the one `interaction` of an interaction, plus an `interaction_related_record` per record
 * it relates, creating it at the first write-back point and updating it at later ones.
 *
 * The Table API has no upsert or external-id insert, so every level is read-before-write: the
 * interaction is looked up by the key field (found: PATCH, else POST); its work notes by the
 * journal (a note already there is not written again); its related rows by interaction (only
 * missing ones are inserted, existing ones kept). A retry after any crash (ServiceNow committed,
 * the answer was lost) therefore finds what was committed and completes the rest. The outbox
 * delivers one key at a time, so two writers never race on the same key; a unique index on the
 * key field in ServiceNow would also close that gap.
 */
export class InteractionWriter {
  constructor(
    private readonly api: TableApi,
    private readonly tables: Tables,
    private readonly users: AgentUsers,
    private readonly options: InteractionWriterOptions,
  ) {}

  plan(activity: InteractionActivity): ActivityPlan {
    return toPlan(placeRecords(activity, this.tables));
  }

  async write(activity: InteractionActivity): Promise<{ id: string; plan: ActivityPlan }> {
    const placements = placeRecords(activity, this.tables);
    const existing = await this.findByKey(activity.idempotencyKey);
    const assignedTo = await this.users.find(activity.agents[0]?.email ?? activity.agent?.email ?? null);
    const fields = interactionFields({
      activity,
      placements: placements.placements,
      types: this.options.types,
      assignedTo,
      currentState: existing ? text(existing, 'state') : '',
    });
    const id = existing ? await this.update(text(existing, 'sys_id'), fields, workNotes(activity)) : await this.create(activity, fields);
    await this.ensureRelated(id, placements.placements);
    return { id, plan: toPlan(placements) };
  }

  private async findByKey(key: string): Promise<Row | null> {
    const { keyField } = this.options;
    const rows = await this.api.list(INTERACTION, { query: equals(keyField, key), fields: ['sys_id', 'state', keyField], limit: 5 });
    // Compared here too: on an instance without the key field ServiceNow ignores the condition
    // and returns any interaction, which must not pass for ours.
    return rows.find((r) => text(r, keyField) === key) ?? null;
  }

  private async create(activity: InteractionActivity, fields: Record<string, string>): Promise<string> {
    const { keyField } = this.options;
    const body = { ...fields, [keyField]: activity.idempotencyKey, work_notes: workNotes(activity) };
    const row = await this.api.insert(INTERACTION, body, ['sys_id', keyField]);
    const id = text(row, 'sys_id');
    if (text(row, keyField) !== activity.idempotencyKey) {
      // ServiceNow drops fields a table lacks without a word; without the key a retry would write
      // a second interaction, so stop here for an admin instead of retrying.
      throw new CrmError(
        'rejected',
        `ServiceNow's interaction table has no "${keyField}" field, so write-back cannot be exactly-once: ` +
          `add it as a string field (interaction ${id} was written without it)`,
      );
    }
    return id;
  }

  private async update(id: string, fields: Record<string, string>, notes: string): Promise<string> {
    const body = (await this.hasNote(id, notes)) ? fields : { ...fields, work_notes: notes };
    await this.api.update(INTERACTION, id, body, ['sys_id']);
    return id;
  }

  /**
   * Work notes are a journal: each value written adds an entry, so a retried write would repeat
   * one. The entries are read from sys_journal_field first. Where the integration user may not
   * read it, ServiceNow returns no rows and the note is written (a repeat only after a crash).
   */
  private async hasNote(id: string, notes: string): Promise<boolean> {
    const entries = await this.api.list('sys_journal_field', {
      query: allOf([equals('element_id', id), equals('element', 'work_notes')]),
      fields: ['value'],
      limit: READ_LIMIT,
    });
    return entries.some((entry) => sameText(text(entry, 'value'), notes));
  }

  private async ensureRelated(interactionId: string, placements: Placement[]): Promise<void> {
    const rows = await this.api.list(RELATED_RECORD, {
      query: equals('interaction', interactionId),
      fields: ['sys_id', 'document_table', 'document_id'],
      limit: READ_LIMIT,
    });
    const existing = new Set(rows.map((r) => `${text(r, 'document_table')}:${text(r, 'document_id')}`));
    for (const { table, record, task } of placements) {
      const key = `${table}:${record.id}`;
      if (existing.has(key)) continue;
      // A task (a case) is named as one too, so it shows in the interaction's Related Tasks list.
      const body = { interaction: interactionId, document_table: table, document_id: record.id, ...(task ? { type: 'task', task: record.id } : {}) };
      await this.api.insert(RELATED_RECORD, body, ['sys_id']);
      existing.add(key);
    }
  }
}

/** The journal may store a note with other line endings or trimmed: compare the words. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
