import { ApiError } from '../../api/client';

export type StepName = 'settings' | 'crm';
export type StepResult = 'passed' | 'failed' | 'skipped';
/** Why the CRM step failed, by the status the API answered with. */
export type CrmFailure = 'unavailable' | 'refused' | 'notFound';

export interface TestStep {
  name: StepName;
  result: StepResult;
  /** The settings at fault (the API's field names). */
  fields?: string[];
  /** The API's own words: the CRM's answer, naming the token endpoint, the credentials or the API. */
  detail?: string;
  failure?: CrmFailure;
}

const CRM_FAILURES: Record<number, CrmFailure> = { 503: 'unavailable', 502: 'refused', 404: 'notFound' };

/**
 * What "Test connection" found, step by step, as the API reports it: a 400 names the settings at
 * fault before anything reaches the CRM; 502, 503 and 404 are the CRM's answers (token endpoint,
 * credentials or API) in the API's words. Null for any other failure, which is not about the
 * connection (the network, signing in, permission).
 */
export function testSteps(outcome: { ok: true } | { error: unknown }): TestStep[] | null {
  if ('ok' in outcome) return [{ name: 'settings', result: 'passed' }, { name: 'crm', result: 'passed' }];
  const { error } = outcome;
  if (!(error instanceof ApiError)) return null;
  const { status, detail, errors } = error.problem;
  if (status === 400) {
    return [{ name: 'settings', result: 'failed', fields: [...new Set((errors ?? []).map((e) => e.field))], detail }, { name: 'crm', result: 'skipped' }];
  }
  const failure = CRM_FAILURES[status];
  if (!failure) return null;
  return [{ name: 'settings', result: 'passed' }, { name: 'crm', result: 'failed', detail, failure }];
}
