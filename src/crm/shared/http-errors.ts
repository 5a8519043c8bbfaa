import { CrmError } from '../connector';

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Classifies a CRM's HTTP failure once for all connectors. Vendors signal throttling differently
 * (Salesforce REQUEST_LIMIT_EXCEEDED as 403, Dataverse 429 with Retry-After, ServiceNow 429), so the
 * connector passes what its CRM calls throttling.
 */
export function crmErrorFromStatus(
  status: number,
  message: string,
  options: { retryAfter?: string | null; throttled?: boolean } = {},
): CrmError {
  const retryAfterMs = parseRetryAfter(options.retryAfter);
  if (options.throttled || status === 429) return new CrmError('throttled', message, retryAfterMs);
  if (status === 401) return new CrmError('unauthorized', message);
  if (status === 404) return new CrmError('not_found', message);
  if (status >= 500 || status === 408) return new CrmError('unavailable', message, retryAfterMs);
  return new CrmError('rejected', message);
}
