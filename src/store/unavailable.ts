/** The store refused work it could not take now (too many requests already wait for a connection). */
export class StoreUnavailableError extends Error {}

/**
 * SQLSTATEs meaning "the server cannot serve you now", not "your statement is wrong":
 * 08xxx connection exceptions, the server shutting down or starting (57P01–57P03), too many
 * connections (53300), a statement cancelled by statement_timeout (57014), a session ended by
 * idle_in_transaction_session_timeout (25P03).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03']);
const CONNECTION_EXCEPTION_CLASS = '08';

/** Socket errors: the server cannot be reached, or the connection broke. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** node-postgres and its pool say these with a bare Error (no code): connection lost, connect or read timeout. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout expired',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
];

/** Whether an error means the store is unavailable for now (answer 503 and let the caller retry), not that the request is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  // Duck-typed: socket errors come from Node's own realm, where instanceof Error may not hold (tests' VM contexts).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || NETWORK_ERROR_CODES.has(code)) return true;
    if (code.length === 5 && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.some((driverMessage) => message.startsWith(driverMessage))) return true;
  // The pool wraps a connect timeout's socket error as its cause; an AggregateError carries one per address tried.
  if (cause !== undefined && isStoreUnavailable(cause)) return true;
  return Array.isArray(errors) && errors.some(isStoreUnavailable);
}
