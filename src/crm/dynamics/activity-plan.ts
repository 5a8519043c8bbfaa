import type { ActivityPlan, ActivityRecord, InteractionActivity } from '../connector';
import type { ActivityKind } from './activity-kinds';
import { entityFor, isGuid, type EntityDef } from './entities';

/** A record of the activity with the table it lives in. */
export interface BoundRecord {
  def: EntityDef;
  id: string;
}

/** Where the activity's records go on its one phone call, e-mail or task. */
export interface ActivityPlacement {
  /** Regarding (regardingobjectid): the one record the activity is about. */
  regarding: BoundRecord | null;
  /** The customer's activity parties (contacts, leads, accounts): From when inbound, To when outbound. */
  customers: BoundRecord[];
  plan: ActivityPlan;
}

interface Candidate extends BoundRecord {
  record: ActivityRecord;
}

/**
 * Regarding, most wanted first: the Related To the agent chose; a linked case, opportunity or other
 * non-person record; a linked account; the Name the agent chose; a linked contact or lead;
 * relates-to's default (the record opened last). Ties keep the records' order (links in linking order).
 */
function regardingRank({ def, record }: Candidate): number {
  if (record.source === 'relation') return record.slot === 'who' ? 3 : 0;
  if (record.source === 'default') return 5;
  if (!def.person) return 1;
  return def.type === 'account' ? 2 : 4;
}

/** The customer's side, most likely the one on the line first: chosen or linked people, then accounts, then the default. */
function customerRank({ def, record }: Candidate): number {
  if (record.source === 'default') return 4;
  const chosen = record.source === 'relation' ? 0 : 1;
  return def.type === 'account' ? 2 + chosen : chosen;
}

const byRank = (rank: (c: Candidate) => number) => (a: Candidate, b: Candidate) => rank(a) - rank(b);

/**
 * Decides, before anything is written, where each record goes in Dataverse's model: an activity is
 * regarding one record, the person-level records are its From (inbound) or To (outbound) parties,
 * a task has no parties, an e-mail one sender. What the activity cannot hold is dropped with a
 * reason, never thrown. Pure: a retry writes what the first attempt planned.
 */
export function placeOnActivity(activity: InteractionActivity, kind: ActivityKind): ActivityPlacement {
  const reasons = new Map<ActivityRecord, string>();
  const candidates: Candidate[] = [];
  for (const record of activity.records) {
    const def = entityFor(record.type);
    if (!def) reasons.set(record, `Dynamics 365 has no table for the record type "${record.type}" that the card knows`);
    else if (!isGuid(record.id)) reasons.set(record, `"${record.id}" is not a Dataverse record id (a GUID)`);
    else candidates.push({ def, id: record.id, record });
  }

  const regarding = [...candidates].sort(byRank(regardingRank))[0] ?? null;
  const side = activity.direction === 'inbound' ? 'From' : 'To';
  const customers = kind.parties ? customersOf(candidates, regarding, kind, side, reasons) : [];
  for (const candidate of candidates) {
    if (candidate === regarding || customers.includes(candidate) || reasons.has(candidate.record)) continue;
    reasons.set(candidate.record, leftOut(candidate, regarding!, kind));
  }

  const placed = activity.records.flatMap((record) => {
    const roles = [
      regarding?.record === record ? 'regardingobjectid' : null,
      customers.some((c) => c.record === record) ? `activity party (${side})` : null,
    ].filter((role): role is string => role !== null);
    return roles.length ? [{ type: record.type, id: record.id, as: roles.join(', ') }] : [];
  });
  const dropped = activity.records.flatMap((record) => {
    const reason = reasons.get(record);
    return reason ? [{ type: record.type, id: record.id, reason }] : [];
  });
  return { regarding: regarding && bound(regarding), customers: customers.map(bound), plan: { placed, dropped } };
}

/**
 * The person-level records on the customer's side. Relates-to's default joins only when no one
 * was linked or chosen; an incoming e-mail has one sender. A person left out here who is the
 * Regarding is not dropped: the activity holds them there.
 */
function customersOf(candidates: Candidate[], regarding: Candidate | null, kind: ActivityKind, side: string, reasons: Map<ActivityRecord, string>): Candidate[] {
  const people = candidates.filter((c) => c.def.person).sort(byRank(customerRank));
  const chosen = people.filter((c) => c.record.source !== 'default');
  const all = chosen.length ? chosen : people;
  const customers = kind.oneSender && side === 'From' ? all.slice(0, 1) : all;
  const first = customers[0];
  for (const person of people) {
    if (customers.includes(person) || person === regarding) continue;
    reasons.set(
      person.record,
      all.includes(person)
        ? `an e-mail has one sender (From), and that is the ${first!.def.type} ${first!.id}`
        : `relates-to's default (the record opened last) is used only when no one was linked or chosen; ${side} holds the ${first!.def.type} ${first!.id}`,
    );
  }
  return customers;
}

function leftOut(candidate: Candidate, regarding: Candidate, kind: ActivityKind): string {
  const chosen = regarding.record.source === 'relation' ? (regarding.record.slot === 'who' ? ' chosen as Name' : ' chosen in Related To') : '';
  const holder = `the ${regarding.def.type} ${regarding.id}${chosen}`;
  if (candidate.def.person && !kind.parties) return `a Dynamics 365 task has no From or To: it is regarding ${holder}`;
  if (candidate.record.source === 'default') return `relates-to's default (the record opened last) is used only when nothing else is Regarding; the activity is regarding ${holder}`;
  return `a Dynamics 365 activity is regarding one record, and that is ${holder}`;
}

const bound = ({ def, id }: Candidate): BoundRecord => ({ def, id });
