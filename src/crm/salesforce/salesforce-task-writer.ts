import type { Connection } from 'jsforce';
import { CrmError, type ActivityPlan, type InteractionActivity, type WrittenActivity } from '../connector';
import { recordUrl, type SfRecord } from './salesforce-objects';
import { SalesforceRefusal, type SalesforceSession } from './salesforce-session';
import { interactionKeyValue, ownerEmail, taskBody, type TaskBody } from './salesforce-task';
import { keyFieldProblem, type TaskCapabilities, type TaskDescribe } from './salesforce-task-describe';
import { placeOnTask } from './salesforce-task-plan';
import { SalesforceApiError } from './salesforce-transport';
import type { SalesforceUsers } from './salesforce-users';
import { soqlString } from './soql';

/** An upsert's answer: 201 and 200 (API 46.0 and later) carry it; 204 (before) carries nothing. */
interface UpsertResult {
  id?: unknown;
  success?: unknown;
  errors?: Array<{ message?: string; statusCode?: string }>;
}

/**
 * Writes an interaction's one Task: an upsert by the interaction key's External ID field (PATCH
 * /sobjects/Task/<field>/<key>), so the first write-back point creates it and every later one, and
 * a retry after Salesforce committed but we never heard, updates the same task. Then the further
 * people through Shared Activities: the TaskRelation rows the task lacks, added.
 */
export class TaskWriter {
  constructor(
    private readonly session: SalesforceSession,
    private readonly describe: TaskDescribe,
    private readonly users: SalesforceUsers,
    private readonly keyField: string,
  ) {}

  async plan(activity: InteractionActivity): Promise<ActivityPlan> {
    return placeOnTask(activity, await this.describe.get()).plan;
  }

  async write(activity: InteractionActivity): Promise<WrittenActivity> {
    const org = await this.describe.get();
    const problem = keyFieldProblem(org, this.keyField);
    if (problem) throw new SalesforceRefusal(problem);
    const placement = placeOnTask(activity, org);
    const email = ownerEmail(activity);
    return this.session.run("writing the interaction's task to Salesforce", async (conn) => {
      const key = interactionKeyValue(activity.idempotencyKey);
      const existing = await this.taskWithKey(conn, key);
      const ownerId = await this.users.byEmail(conn, email);
      let id: string;
      try {
        id = await this.upsert(conn, key, taskBody(activity, placement, ownerId), existing, org);
      } catch (error) {
        if (!(ownerId && error instanceof SalesforceApiError && error.errorCode === 'INACTIVE_OWNER_OR_USER')) throw refusal(error, 'Salesforce refused the task');
        // The agent's user was deactivated since it was looked up: the integration user owns the task instead.
        this.users.forget(email);
        id = await this.upsert(conn, key, taskBody(activity, placement, null), existing, org).catch((e: unknown) => {
          throw refusal(e, 'Salesforce refused the task');
        });
      }
      await this.relatePeople(conn, id, placement.otherPeople);
      return { id, url: recordUrl(this.session.instanceUrl, 'Task', id), plan: placement.plan };
    });
  }

  /** The task already written for this interaction, found by its key (an indexed External ID). */
  private async taskWithKey(conn: Connection, key: string): Promise<string | null> {
    const { records } = await conn.query<SfRecord>(`SELECT Id FROM Task WHERE ${this.keyField} = ${soqlString(key)} LIMIT 2`);
    if (records.length > 1) {
      throw new SalesforceRefusal(`two Salesforce tasks carry this interaction's key in ${this.keyField} (${records.map((r) => r.Id).join(', ')}): delete one, and mark the field Unique`);
    }
    return records[0]?.Id ?? null;
  }

  /** An existing task is sent only the fields Salesforce lets the API change (not TaskSubtype). */
  private async upsert(conn: Connection, key: string, body: TaskBody, existing: string | null, org: TaskCapabilities): Promise<string> {
    const sent = existing ? Object.fromEntries(Object.entries(body).filter(([field]) => org.updateable.has(field))) : body;
    const result = await conn.request<UpsertResult | undefined>(
      { method: 'PATCH', url: `/sobjects/Task/${this.keyField}/${encodeURIComponent(key)}`, body: JSON.stringify(sent), headers: { 'content-type': 'application/json' } },
      { noContentResponse: undefined },
    );
    if (result?.success === false) throw new SalesforceRefusal(`Salesforce refused the task: ${result.errors?.map((e) => e.message).join('; ')}`);
    if (typeof result?.id === 'string') return result.id;
    // 204: updated, without saying which (API before 46.0); the task found by its key, or found now.
    const id = existing ?? (await this.taskWithKey(conn, key));
    if (!id) throw new CrmError('unavailable', 'Salesforce answered the task upsert without its id');
    return id;
  }

  /** Shared Activities: the TaskRelation rows (IsWhat false) the task lacks, added; none is removed. */
  private async relatePeople(conn: Connection, taskId: string, people: string[]): Promise<void> {
    if (!people.length) return;
    const { records } = await conn.query<SfRecord>(`SELECT RelationId FROM TaskRelation WHERE TaskId = ${soqlString(taskId)} AND IsWhat = false`);
    const related = new Set(records.map((r) => String(r.RelationId).slice(0, 15)));
    for (const person of people.filter((id) => !related.has(id.slice(0, 15)))) {
      try {
        await conn.request({ method: 'POST', url: '/sobjects/TaskRelation', body: JSON.stringify({ TaskId: taskId, RelationId: person }), headers: { 'content-type': 'application/json' } });
      } catch (error) {
        throw refusal(error, `Salesforce refused relating ${person} to the task`);
      }
    }
  }
}

/** A content rejection in Salesforce's own words, for the card; any other failure as it is. */
function refusal(error: unknown, what: string): unknown {
  if (error instanceof SalesforceApiError && error.kind === 'rejected' && error.words) {
    return new SalesforceRefusal(`${what}: ${error.words}${error.errorCode ? ` (${error.errorCode})` : ''}`);
  }
  return error;
}
