import { CrmError } from '../connector';
import { crmErrorFromStatus } from '../shared/http-errors';

/**
 * What dynamics-web-api rejects with: for an HTTP failure an Error carrying the Dataverse error body
 * ({"error":{"code":"0x80040217","message":"…"}} copied onto it) plus status and response headers;
 * for a network failure Node's own error (ECONNRESET, ECONNREFUSED …). It never retries by itself.
 */
interface WebApiFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  headers?: unknown;
}

/** Dataverse "Cannot insert duplicate key" / "A record with matching key values already exists". */
const DUPLICATE_KEY = '0x80040237';

function failure(error: unknown): WebApiFailure {
  return typeof error === 'object' && error !== null ? (error as WebApiFailure) : {};
}

export function httpStatus(error: unknown): number | undefined {
  const { status } = failure(error);
  return typeof status === 'number' ? status : undefined;
}

function header(error: unknown, name: string): string | undefined {
  const { headers } = failure(error);
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function dataverseCode(error: unknown): string | undefined {
  const { code } = failure(error);
  return typeof code === 'string' && code ? code : undefined;
}

function dataverseMessage(error: unknown): string | undefined {
  const { message } = failure(error);
  return typeof message === 'string' && message && message !== 'Unexpected Error' ? message : undefined;
}

/** The record with this primary key exists already (a create with a client-chosen id). */
export function isDuplicateKey(error: unknown): boolean {
  const status = httpStatus(error);
  return dataverseCode(error)?.toLowerCase() === DUPLICATE_KEY || status === 412 || status === 409;
}

/**
 * Classifies a failure as a CrmError. Messages carry what Dataverse said and the HTTP status, never
 * request headers (the bearer token) or the client secret.
 */
export function toCrmError(error: unknown, action: string): CrmError {
  if (error instanceof CrmError) return error; // from the token cache, already classified
  const status = httpStatus(error);
  const said = dataverseMessage(error);
  if (status !== undefined) {
    const code = dataverseCode(error);
    const detail = said ? `${said}${code ? ` (${code})` : ''}` : `HTTP ${status}`;
    return crmErrorFromStatus(status, `Dynamics 365 could not ${action}: ${detail}`, { retryAfter: header(error, 'retry-after') });
  }
  const networkCode = dataverseCode(error);
  if (networkCode?.startsWith('E') || /socket hang up|aborted|timed? ?out/i.test(said ?? '')) {
    return new CrmError('unavailable', `Dynamics 365 cannot be reached to ${action} (${networkCode ?? said})`);
  }
  return new CrmError('rejected', `Dynamics 365 could not ${action}: ${said ?? 'unexpected error'}`);
}

/** Not about what was written: the token, a timeout, service protection. */
const NOT_THE_CONTENT = [401, 408, 429];

/**
 * A write Dataverse refused for what it holds (validation, a plug-in, a bound record that no longer
 * exists, a missing privilege): Dataverse's own words, which the card shows the agent. Anything
 * else as toCrmError classifies it.
 */
export function toWriteError(error: unknown, action: string): CrmError {
  const status = httpStatus(error);
  const said = dataverseMessage(error);
  if (said && status !== undefined && status >= 400 && status < 500 && !NOT_THE_CONTENT.includes(status)) return new CrmError('rejected', said);
  return toCrmError(error, action);
}
