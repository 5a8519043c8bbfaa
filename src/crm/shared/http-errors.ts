import { isTransientStatus, parseRetryAfter } from '../../shared/retry';
import { CrmError } from '../connector';

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
  if (isTransientStatus(status)) return new CrmError('unavailable', message, retryAfterMs);
  return new CrmError('rejected', message);
}
