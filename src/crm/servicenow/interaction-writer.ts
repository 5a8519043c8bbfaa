import { CrmError, type InteractionActivity } from '../connector';
import { equals } from './encoded-query';
import { interactionFields, type Channel } from './interaction-fields';
import { text } from './row';
import type { TableApi } from './table-api';
import { isSysId, type Tables } from './tables';

const INTERACTION = 'interaction';
const RELATED_RECORD = 'interaction_related_record';
/** More related rows than one activity ever writes: the read sees them all. */
const RELATED_ROWS_LIMIT = 100;

export interface InteractionWriterOptions {
  /** String field on `interaction` holding the activity's idempotency key. */
  keyField: string;
  /** interaction.type per channel. */
  types: Record<Channel, string>;
}

interface Document {
  table: string;
  id: string;
}

/**
 * Writes an activity as a closed `interaction` plus one `interaction_related_record` per record it
 * concerns, exactly once per idempotency key.
 *
 * The Table API has no upsert or external-id insert, so writing is read-before-write at both
 * levels: the interaction is looked up by the key field first; the related rows are looked up by
 * interaction and only the missing ones are inserted. A retry after any crash (ServiceNow
 * committed, the answer was lost) therefore finds what was committed and completes the rest.
 * The outbox delivers one key at a time, so two writers never race on the same key; a unique
 * index on the key field in ServiceNow would also close that gap.
 */
export class InteractionWriter {
  constructor(private readonly api: TableApi, private readonly tables: Tables, private readonly options: InteractionWriterOptions) {}

  async write(activity: InteractionActivity): Promise<{ id: string }> {
    const documents = this.documents(activity); // validated before anything is written
    const id = (await this.findByKey(activity.idempotencyKey)) ?? (await this.create(activity));
    await this.ensureRelated(id, documents);
    return { id };
  }

  private documents(activity: InteractionActivity): Document[] {
    const byKey = new Map<string, Document>();
    for (const ref of [activity.regarding, ...activity.relatedTo]) {
      const { table } = this.tables.require(ref.type);
      if (!isSysId(ref.id)) throw new CrmError('rejected', `"${ref.id}" is not a ServiceNow sys_id (${ref.type})`);
      byKey.set(`${table}:${ref.id}`, { table, id: ref.id });
    }
    return [...byKey.values()];
  }

  private async findByKey(key: string): Promise<string | null> {
    const { keyField } = this.options;
    const rows = await this.api.list(INTERACTION, { query: equals(keyField, key), fields: ['sys_id', keyField], limit: 5 });
    // Compared here too: on an instance without the key field ServiceNow ignores the condition
    // and returns any interaction, which must not pass for ours.
    const row = rows.find((r) => text(r, keyField) === key);
    return row ? text(row, 'sys_id') : null;
  }

  private async create(activity: InteractionActivity): Promise<string> {
    const { keyField, types } = this.options;
    const row = await this.api.insert(INTERACTION, interactionFields(activity, keyField, types), ['sys_id', keyField]);
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

  private async ensureRelated(interactionId: string, documents: Document[]): Promise<void> {
    const rows = await this.api.list(RELATED_RECORD, {
      query: equals('interaction', interactionId),
      fields: ['sys_id', 'document_table', 'document_id'],
      limit: RELATED_ROWS_LIMIT,
    });
    const existing = new Set(rows.map((r) => `${text(r, 'document_table')}:${text(r, 'document_id')}`));
    for (const doc of documents) {
      if (existing.has(`${doc.table}:${doc.id}`)) continue;
      await this.api.insert(RELATED_RECORD, { interaction: interactionId, document_table: doc.table, document_id: doc.id }, ['sys_id']);
    }
  }
}
