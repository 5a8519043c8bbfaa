import { Transport } from 'jsforce/lib/transport';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce/lib/types';
import { StreamPromise } from 'jsforce/lib/util/promise';
import { CrmError, type CrmErrorKind } from '../connector';
import { crmErrorFromStatus } from '../shared/http-errors';

/** A card lookup waits this long at most; jsforce's own default is 30 minutes. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A Salesforce REST error body: `[{ message, errorCode, fields }]`. */
interface SfErrorItem {
  message?: unknown;
  errorCode?: unknown;
  fields?: unknown;
}

/** A failed REST call, classified, with what Salesforce said: its error code, its own words and the fields concerned. */
export class SalesforceApiError extends CrmError {
  constructor(
    kind: CrmErrorKind,
    message: string,
    retryAfterMs: number | undefined,
    readonly errorCode: string | null,
    /** Salesforce's message as it wrote it. */
    readonly words: string | null,
    readonly fields: string[],
  ) {
    super(kind, message, retryAfterMs);
  }
}

/**
 * jsforce's HTTP transport with our failure rules, so every REST call (query, search, sobjects) is
 * classified in one place, with the status and Retry-After that jsforce's own errors drop:
 * - no retries inside jsforce: its blind backoff (5 tries, up to 15 s) ignores Retry-After; the
 *   outbox retries, honouring retryAfterMs;
 * - the first 401 of a request goes back to jsforce, which refreshes the token (refreshFn) and resends
 *   the same request object; a second 401 for it is final, so a refused fresh token cannot loop;
 * - any other failure becomes a CrmError via crmErrorFromStatus.
 */
export class SalesforceTransport extends Transport {
  private readonly refusedOnce = new WeakSet<HttpRequest>();

  override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}): StreamPromise<HttpResponse> {
    const inner = super.httpRequest(req, { ...options, timeout: REQUEST_TIMEOUT_MS, retry: { ...options.retry, maxRetries: 0 } });
    return StreamPromise.create(() => ({
      stream: inner.stream(),
      promise: inner.then(
        (response) => this.accept(req, response),
        (error: unknown) => {
          throw unreachable(error);
        },
      ),
    }));
  }

  private accept(req: HttpRequest, response: HttpResponse): HttpResponse {
    if (response.statusCode < 400) return response;
    if (response.statusCode === 401 && !this.refusedOnce.has(req)) {
      this.refusedOnce.add(req);
      return response;
    }
    throw salesforceHttpError(response);
  }
}

/** A failed REST response as a CrmError; REQUEST_LIMIT_EXCEEDED (403, 503) is Salesforce's throttling. */
export function salesforceHttpError(response: HttpResponse): SalesforceApiError {
  const { errorCode, message, fields } = errorDetail(response.body);
  const label = errorCode ?? `HTTP ${response.statusCode}`;
  const classified = crmErrorFromStatus(response.statusCode, message ? `Salesforce ${label}: ${message}` : `Salesforce answered ${label}`, {
    retryAfter: response.headers['retry-after'],
    throttled: errorCode === 'REQUEST_LIMIT_EXCEEDED',
  });
  return new SalesforceApiError(classified.kind, classified.message, classified.retryAfterMs, errorCode, message, fields);
}

function errorDetail(body: string): { errorCode: string | null; message: string | null; fields: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errorCode: null, message: null, fields: [] }; // an HTML maintenance page or an empty body: the status says enough
  }
  const item = (Array.isArray(parsed) ? parsed[0] : parsed) as SfErrorItem | undefined;
  return {
    errorCode: typeof item?.errorCode === 'string' ? item.errorCode : null,
    message: typeof item?.message === 'string' ? item.message : null,
    fields: Array.isArray(item?.fields) ? item.fields.filter((f): f is string => typeof f === 'string') : [],
  };
}

/** Network failures (refused, reset, timeout): the URL is left out, it can carry search terms. */
function unreachable(error: unknown): CrmError | unknown {
  if (error instanceof CrmError) return error;
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'FetchError' || name === 'AbortError') {
    return new CrmError('unavailable', `Salesforce cannot be reached (${code ?? (name === 'AbortError' ? 'timeout' : 'network error')})`);
  }
  return error;
}
