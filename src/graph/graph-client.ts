import { DelegateBackoff, handleWhen, retry, type IRetryBackoffContext } from 'cockatiel';
import { backoffMs, parseRetryAfter } from '../shared/retry';
import { GraphUnavailable } from './errors';

/** Graph's limit of group ids per checkMemberGroups request. */
const GROUP_IDS_PER_REQUEST = 20;
/** The longest Retry-After we wait for within a user's request; beyond it the caller is told to come back. */
const MAX_RETRY_AFTER_MS = 10_000;
/** How long one Graph request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A Graph answer worth asking again: throttling (429) or a service that is busy or failing over (503, 504). */
class TransientGraphFailure extends Error {
  constructor(message: string, readonly retryAfterMs: number | undefined) {
    super(message);
  }
}

const retryable = (error: Error) =>
  error instanceof TransientGraphFailure && (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;

/** Two more attempts, each no sooner than Graph's Retry-After (bounded), else after a short jittered backoff. */
const retryTransient = retry(handleWhen(retryable), {
  maxAttempts: 2,
  backoff: new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
    const asked = 'error' in context.result && context.result.error instanceof TransientGraphFailure ? context.result.error.retryAfterMs : undefined;
    return asked ?? backoffMs(context.attempt, { initialMs: 500, maxMs: 2_000 });
  }),
});

/**
 * Which of `groupIds` the signed-in user is a member of, transitively (POST /me/checkMemberGroups):
 * only the groups asked about come back, so a user in thousands of groups costs one small request
 * per 20 of ours, and no paging.
 */
export async function checkMemberGroups(baseUrl: string, accessToken: string, groupIds: readonly string[]): Promise<string[]> {
  const members: string[] = [];
  for (let start = 0; start < groupIds.length; start += GROUP_IDS_PER_REQUEST) {
    const body = { groupIds: groupIds.slice(start, start + GROUP_IDS_PER_REQUEST) };
    const answer = await retryTransient.execute(() => postGraph(`${baseUrl}/me/checkMemberGroups`, accessToken, body)).catch((error: unknown) => {
      // Still throttled or busy after the retries: unavailable, with how long Graph asked us to wait.
      throw error instanceof TransientGraphFailure ? new GraphUnavailable(error.message, error.retryAfterMs, { cause: error }) : error;
    });
    members.push(...stringValues(answer));
  }
  return members;
}

async function postGraph(url: string, accessToken: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new GraphUnavailable(`Microsoft Graph could not be reached (${(error as Error).message})`, undefined, { cause: error });
  }
  if (response.ok) return response.json();
  const failure = `Microsoft Graph answered ${response.status}${await graphErrorOf(response)}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if ([429, 503, 504].includes(response.status)) throw new TransientGraphFailure(failure, retryAfterMs);
  throw new GraphUnavailable(failure);
}

/** Graph's error body, { "error": { "code", "message" } }, as text to log. */
async function graphErrorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const { code, message } = body?.error ?? {};
  return code ? ` ${String(code)}: ${String(message ?? '')}` : '';
}

function stringValues(answer: unknown): string[] {
  const value = (answer as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new GraphUnavailable('Microsoft Graph answered without a value list');
  return value.map(String);
}
