import type { ActivityPlan, ActivityRecord, InteractionActivity, RecordSource } from '../connector';
import { findSpec } from './salesforce-objects';
import type { TaskCapabilities } from './salesforce-task-describe';
import { isSalesforceId } from './soql';

/** Where the activity's records go on its one Task. */
export interface TaskPlacement {
  /** Name: the person the task is about (a contact or lead). */
  whoId: string | null;
  /** Related To: the one record it is about (account, case, opportunity, campaign, custom object). */
  whatId: string | null;
  /** Further contacts, related through Shared Activities (TaskRelation, IsWhat false). */
  otherPeople: string[];
  plan: ActivityPlan;
}

/** An explicit relates-to pick wins over a link, a link over relates-to's default. */
const PRECEDENCE: Record<RecordSource, number> = { relation: 0, link: 1, default: 2 };
const PEOPLE = new Set(['Contact', 'Lead']);
/** "A task can be related to one lead or up to 50 contacts." */
const MAX_CONTACTS = 50;
export const SHARED_ACTIVITIES_OFF = 'Shared Activities is not enabled in this Salesforce org: a task names one person';

/**
 * Decides where each record goes on the interaction's Task, before anything is written (CRM-4):
 * the person in Name (WhoId), the record in Related To (WhatId), further contacts through Shared
 * Activities when the org has it; anything Salesforce would refuse is dropped with a reason, never
 * thrown. Pure: the same activity in the same org always gets the same placement, so a retry
 * writes what the first attempt planned.
 */
export function placeOnTask(activity: InteractionActivity, org: Pick<TaskCapabilities, 'sharedActivities' | 'whatObjects'>): TaskPlacement {
  const reasons = new Map<ActivityRecord, string>();
  const people: ActivityRecord[] = [];
  const things: ActivityRecord[] = [];
  for (const record of activity.records) {
    const problem = unusable(record, org);
    if (problem) reasons.set(record, problem);
    else (PEOPLE.has(sObjectOf(record)) ? people : things).push(record);
  }
  const candidates = (records: ActivityRecord[]) => [...records].sort((a, b) => PRECEDENCE[a.source] - PRECEDENCE[b.source]); // stable
  let who = candidates(people)[0] ?? null;
  let what = candidates(things)[0] ?? null;

  // Salesforce relates no record to a task whose Name is a lead: the more explicit choice keeps its field.
  if (who && isLead(who) && what) {
    if (PRECEDENCE[what.source] < PRECEDENCE[who.source]) {
      const kept = what;
      for (const lead of people.filter(isLead)) {
        reasons.set(lead, `Salesforce doesn't let a task name a lead when it is related to a record, and the ${kept.type} ${kept.id} ${kept.source === 'relation' ? 'chosen in Related To' : 'linked'} takes Related To: link a contact instead`);
      }
      who = candidates(people.filter((p) => !isLead(p)))[0] ?? null;
    } else {
      const lead = who;
      for (const thing of things) {
        reasons.set(thing, `Salesforce doesn't relate a task to another record when its Name is a lead: the lead ${lead.id} keeps Name; to relate this ${thing.type}, link a contact instead of the lead`);
      }
      what = null;
    }
  }

  const others = new Set<ActivityRecord>();
  for (const person of candidates(people)) {
    if (person === who || reasons.has(person)) continue;
    const reason = personLeftOut(person, who, others.size, org.sharedActivities);
    if (reason) reasons.set(person, reason);
    else others.add(person);
  }
  for (const thing of things) {
    if (thing === what || reasons.has(thing)) continue;
    reasons.set(
      thing,
      thing.source === 'default'
        ? `relates-to's default (the record opened last) is used only when nothing else is Related To; the task is related to ${what?.type ?? 'another record'} ${what?.id ?? ''}`.trim()
        : `a Salesforce task is related to one record (Related To), and that is the ${what?.type} ${what?.id}`,
    );
  }

  const placed = activity.records.flatMap((record) => {
    const as = record === who ? 'WhoId' : record === what ? 'WhatId' : others.has(record) ? 'TaskRelation' : null;
    return as ? [{ type: record.type, id: record.id, as }] : [];
  });
  const dropped = activity.records.flatMap((record) => {
    const reason = reasons.get(record);
    return reason ? [{ type: record.type, id: record.id, reason }] : [];
  });
  return { whoId: who?.id ?? null, whatId: what?.id ?? null, otherPeople: [...others].map((p) => p.id), plan: { placed, dropped } };
}

/** Why a further person is not related (null: related through Shared Activities). */
function personLeftOut(person: ActivityRecord, who: ActivityRecord | null, related: number, sharedActivities: boolean): string | null {
  if (person.source === 'default') return `relates-to's default (the record opened last) is used only when no one else is named; Name holds ${who?.type} ${who?.id}`;
  if (!sharedActivities) return `${SHARED_ACTIVITIES_OFF}, and that is the ${who?.type} ${who?.id}`;
  if (who && isLead(who)) return `Salesforce relates a task to one lead or to contacts, and its Name is the lead ${who.id}`;
  if (isLead(person)) return `Salesforce relates a task to one lead or to contacts, not both: its Name is the contact ${who?.id}`;
  if (related + 1 >= MAX_CONTACTS) return `Salesforce relates a task to ${MAX_CONTACTS} contacts at most`;
  return null;
}

/** Records no task can hold: not a Salesforce id, a type the card does not know, or an object without activities. */
function unusable(record: ActivityRecord, org: Pick<TaskCapabilities, 'whatObjects'>): string | null {
  if (!isSalesforceId(record.id)) return `"${record.id}" is not a Salesforce record id`;
  const spec = findSpec(record.type);
  if (!spec) return `Salesforce has no record type "${record.type}" that the card knows`;
  if (spec.prefix && !record.id.startsWith(spec.prefix)) return `${record.id} is not the id of a Salesforce ${spec.sObject}`;
  if (!PEOPLE.has(spec.sObject) && org.whatObjects.size > 0 && !org.whatObjects.has(spec.sObject)) {
    return `Salesforce tasks cannot be related to ${spec.sObject} records: an admin can turn on Allow Activities for the object`;
  }
  return null;
}

function sObjectOf(record: ActivityRecord): string {
  return findSpec(record.type)?.sObject ?? record.type;
}

function isLead(record: ActivityRecord): boolean {
  return sObjectOf(record) === 'Lead';
}
