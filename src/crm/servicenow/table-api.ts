import type { z } from 'zod';
import { CrmError } from '../connector';
import { crmErrorFromStatus } from '../shared/http-errors';
import type { ClientCredentialsTokens } from '../shared/oauth-client-credentials';
import { ErrorBody, ListBody, RecordBody, type Row } from './row';

export interface TableApiOptions {
  /** https://<instance>.service-now.com */
  instanceUrl: string;
  /** Bearer tokens for the connection; invalidated when ServiceNow answers 401. */
  tokens: Pick<ClientCredentialsTokens, 'token' | 'invalidate'>;
  /** A request still unanswered after this long counts as unavailable (the outbox retries). */
  timeoutMs: number;
}

export interface ListQuery {
  /** Encoded query (sysparm_query). */
  query: string;
  /** Only these fields come back (sysparm_fields): smaller answers, no data we do not show. */
  fields: string[];
  limit: number;
}

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * The ServiceNow Table API (/api/now/table) over fetch: one place for authentication, the 401
 * refresh, and turning ServiceNow's failures into CrmErrors. Messages carry ServiceNow's own error
 * text and the table, never the token or the client secret.
 */
export class TableApi {
  private readonly base: string;

  constructor(private readonly options: TableApiOptions) {
    this.base = options.instanceUrl.replace(/\/+$/, '');
  }

  async list(table: string, q: ListQuery): Promise<Row[]> {
    const params = { sysparm_query: q.query, sysparm_fields: q.fields.join(','), sysparm_limit: String(q.limit) };
    return (await this.request(ListBody, 'GET', table, null, params)).result;
  }

  /** null when the record does not exist (or an ACL hides it: ServiceNow answers 404 for both). */
  async get(table: string, id: string, fields: string[]): Promise<Row | null> {
    try {
      return (await this.request(RecordBody, 'GET', table, id, { sysparm_fields: fields.join(',') })).result;
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async insert(table: string, body: Record<string, string>, fields: string[]): Promise<Row> {
    return (await this.request(RecordBody, 'POST', table, null, { sysparm_fields: fields.join(',') }, body)).result;
  }

  async update(table: string, id: string, body: Record<string, string>, fields: string[]): Promise<Row> {
    return (await this.request(RecordBody, 'PATCH', table, id, { sysparm_fields: fields.join(',') }, body)).result;
  }

  private async request<T>(
    schema: z.ZodType<T>,
    method: Method,
    table: string,
    id: string | null,
    params: Record<string, string>,
    body?: Record<string, string>,
  ): Promise<T> {
    const url = new URL(`${this.base}/api/now/table/${encodeURIComponent(table)}${id ? `/${encodeURIComponent(id)}` : ''}`);
    // display_value=false: stored values (sys_ids, choice values), the same on every instance language.
    for (const [name, value] of Object.entries({ ...params, sysparm_display_value: 'false' })) url.searchParams.set(name, value);
    const label = `${method} ${table}`;
    let response = await this.send(url, method, body, label);
    if (response.status === 401) {
      // Our cached token may have been revoked or expired early: fetch a new one, once.
      this.options.tokens.invalidate();
      await response.body?.cancel(); // frees the connection for the retry
      response = await this.send(url, method, body, label);
    }
    if (!response.ok) throw await failure(response, label);
    return parse(schema, await response.text(), label);
  }

  private async send(url: URL, method: Method, body: Record<string, string> | undefined, label: string): Promise<Response> {
    const token = await this.options.tokens.token();
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      // Includes a connection dropped after ServiceNow committed a write: callers that write
      // read before they write again (see interaction-writer), so retrying is safe.
      throw new CrmError('unavailable', `ServiceNow ${label} got no answer (${networkFailure(error)})`);
    }
  }
}

async function failure(response: Response, label: string): Promise<CrmError> {
  const raw = await response.text().catch(() => '');
  const parsed = ErrorBody.safeParse(safeJson(raw));
  // ServiceNow's own words (a data policy's detail comes with tabs and line breaks): the card shows them.
  const reason = parsed.success
    ? [parsed.data.error.message, parsed.data.error.detail]
        .map((part) => part?.replace(/\s+/g, ' ').trim() ?? '')
        .filter((part) => part !== '')
        .join(': ')
    : '';
  return crmErrorFromStatus(response.status, `ServiceNow ${label} failed: ${reason || `HTTP ${response.status}`}`, {
    retryAfter: retryAfter(response.headers),
  });
}

/**
 * Retry-After comes with ServiceNow's 429; X-RateLimit-Reset (Unix seconds) is the fallback when
 * a proxy strips it.
 */
function retryAfter(headers: Headers, now = Date.now()): string | null {
  const explicit = headers.get('retry-after');
  if (explicit) return explicit;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? String(Math.max(0, Math.ceil(reset - now / 1000))) : null;
}

function parse<T>(schema: z.ZodType<T>, raw: string, label: string): T {
  const json = safeJson(raw);
  if (json === undefined) {
    // A hibernating or upgrading instance answers 200 with an HTML page: come back later.
    throw new CrmError('unavailable', `ServiceNow ${label} answered with a page that is not JSON (instance hibernating or in maintenance?)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CrmError('rejected', `ServiceNow ${label} answered in an unexpected shape`);
  return parsed.data;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function networkFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause) return String(cause.code);
  return error instanceof Error ? error.message : 'network error';
}
