import type { ActivityPlan, ActivityRecord, DroppedRecord, InteractionActivity, RecordSource } from '../connector';
import { isSysId, type Tables } from './tables';

export const RELATED_RECORD = 'interaction_related_record';

/** Where one record goes: its related-record row, and the interaction fields it fills. */
export interface Placement {
  record: ActivityRecord;
  table: string;
  /** The interaction's reference fields holding it (consumer; contact + opened_for), possibly none. */
  fields: string[];
  /** Named as a task on its related-record row (cases), so it shows in Related Tasks. */
  task: boolean;
}

export interface Placements {
  placements: Placement[];
  dropped: DroppedRecord[];
}

/** Which record of a type fills the interaction's field for it: an explicit pick, then a link, then the default. */
const PRECEDENCE: Record<RecordSource, number> = { relation: 0, link: 1, default: 2 };

/**
 * Where each of the activity's records goes on the one interaction (CRM-2, seed 001: "the linked
 * record appears in the corresponding field of the current interaction record, e.g. a consumer in
 * the Consumer field"): every record gets an interaction_related_record row; the first consumer,
 * contact and account also fill the interaction's Consumer, Contact (and Opened for) and Account
 * fields. Records ServiceNow cannot hold are dropped with a reason, never thrown. Pure: the same
 * activity always gets the same placements, so a retry writes what the first attempt planned.
 */
export function placeRecords(activity: InteractionActivity, tables: Tables): Placements {
  const placements: Placement[] = [];
  const dropped: DroppedRecord[] = [];
  for (const record of activity.records) {
    const mapping = tables.find(record.type);
    if (!mapping) {
      dropped.push({ type: record.type, id: record.id, reason: `ServiceNow has no table set up for ${record.type} records; an admin can map one` });
    } else if (!isSysId(record.id)) {
      dropped.push({ type: record.type, id: record.id, reason: `"${record.id}" is not a ServiceNow sys_id, so ServiceNow cannot hold this ${record.type}` });
    } else {
      placements.push({ record, table: mapping.table, fields: [], task: mapping.task === true });
    }
  }
  const byPrecedence = [...placements].sort((a, b) => PRECEDENCE[a.record.source] - PRECEDENCE[b.record.source]); // stable
  const filled = new Set<string>();
  for (const placement of byPrecedence) {
    const target = tables.require(placement.record.type).interactionField;
    if (!target || filled.has(target.field)) continue;
    filled.add(target.field);
    placement.fields = target.openedFor ? [target.field, 'opened_for'] : [target.field];
  }
  return { placements, dropped };
}

export function toPlan({ placements, dropped }: Placements): ActivityPlan {
  return {
    placed: placements.map((p) => ({ type: p.record.type, id: p.record.id, as: [...p.fields, RELATED_RECORD].join(' + ') })),
    dropped,
  };
}
