import type { ErrorRequestHandler, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CrmError } from '../crm/connector';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import { SendFailure, type SendFailureReason } from '../domain/outbound/message-sender';
import { lostRace } from '../store/lost-races';
import { isStoreUnavailable } from '../store/unavailable';

/** RFC 9457 problem details: the one shape every API error takes. */
export interface Problem {
  status: number;
  detail: string;
  /** A URI naming the kind of problem; about:blank means "see the status code". */
  type?: string;
  title?: string;
  /** Extension: the input fields at fault, for schema violations. */
  errors?: Array<{ field: string; message: string }>;
  /** Extension members the client may act on (e.g. `mergedInto`: the card to open instead). */
  extensions?: Record<string, string>;
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
  }
}

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: problem.type ?? 'about:blank',
        title: problem.title ?? STATUS_CODES[problem.status] ?? 'Error',
        status: problem.status,
        detail: problem.detail,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extensions,
      }),
    );
}

/** Schema violations as one readable sentence naming every field, plus the list. */
export function schemaProblem(error: z.ZodError, what: string): Problem {
  const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message }));
  return {
    status: 400,
    title: `Invalid ${what}`,
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  };
}

const DOMAIN_STATUS: Record<DomainErrorCode, number> = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403, unavailable: 503 };

export function domainProblem(error: DomainError): Problem {
  return {
    status: DOMAIN_STATUS[error.code],
    detail: error.message,
    ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    ...(error.extensions ? { extensions: error.extensions } : {}),
  };
}

/** The CRM behind us failed: 503 when it asks us to come back later, 502 otherwise. */
function crmStatus(error: CrmError): number {
  return error.kind === 'not_found' ? 404 : error.retryable ? 503 : 502;
}

function crmRetryAfter(error: CrmError): Record<string, string> {
  return error.retryAfterMs !== undefined ? { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
}

/**
 * When to ask a caller to come back after the store failed: long enough for a restart or a failover
 * to make progress, short enough that a webhook sender honouring it finds the store back soon.
 */
const STORE_RETRY_AFTER_SECONDS = 5;


/** SQLSTATE for a row that refers to one that is not there (PostgreSQL and PGlite alike). */
const FOREIGN_KEY_VIOLATION = '23503';

const SEND_FAILURE_STATUS: Record<SendFailureReason, number> = { 'invalid-address': 422, refused: 502, unavailable: 503, uncertain: 504 };


/** The http-errors that Express middleware (body parsers, static files) raise for bad requests. */
interface ClientHttpError {
  status: number;
  message: string;
  type?: string;
  limit?: number;
}
const isClientHttpError = (e: unknown): e is ClientHttpError =>
  e instanceof Error && typeof (e as Partial<ClientHttpError>).status === 'number' && (e as unknown as ClientHttpError).status < 500;

/**
 * Our own sentences about problems, in English: the API's problem detail, and the bot's words in
 * English (bot/i18n translates the same keys under `problem`, for the chat user's language).
 */
export const PROBLEM_WORDS = {
  crmAnswered: 'the CRM answered: {{message}}',
  storeUnavailable: 'the store cannot be reached or did not answer in time; retry after {{seconds}} seconds',
  gone: 'something this refers to no longer exists; reload and try again',
  lostRace: 'other changes to the same data kept getting in the way; reload and try again',
  unexpected: 'an unexpected error occurred; it has been logged',
};

/** What a person is told: one of our sentences, or the words the error came with (the domain's, the provider's, a schema's). */
export type ProblemWords = { key: keyof typeof PROBLEM_WORDS; values?: Record<string, string> } | { text: string };

/** A thrown error as the API answers it and as a person is told it. */
export interface ExplainedProblem {
  problem: Problem;
  headers: Record<string, string>;
  words: ProblemWords;
}

/** The words in English, as the API's detail says them. */
export function englishWords(words: ProblemWords): string {
  if ('text' in words) return words.text;
  return PROBLEM_WORDS[words.key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => words.values?.[name] ?? '');
}

function explained(problem: Omit<Problem, 'detail'>, words: ProblemWords, headers: Record<string, string> = {}): ExplainedProblem {
  return { problem: { ...problem, detail: englishWords(words) }, headers, words };
}

/**
 * The one place a thrown error becomes words, for the API (problem details) and the bot (the same
 * words, translated); undefined for an unexpected error, which the caller logs and keeps opaque.
 */
export function explainError(error: unknown): ExplainedProblem | undefined {
  if (error instanceof HttpProblem) return { problem: error.problem, headers: error.headers, words: { text: error.problem.detail } };
  if (error instanceof DomainError) {
    const problem = domainProblem(error);
    return { problem, headers: {}, words: { text: problem.detail } };
  }
  if (error instanceof z.ZodError) {
    const problem = schemaProblem(error, 'request');
    return { problem, headers: {}, words: { text: problem.detail } };
  }
  if (error instanceof CrmError) return explained({ status: crmStatus(error), title: 'CRM error' }, { key: 'crmAnswered', values: { message: error.message } }, crmRetryAfter(error));
  // The SMS or e-mail provider did not take the message; its words are safe to show (OUT-1).
  if (error instanceof SendFailure) return explained({ status: SEND_FAILURE_STATUS[error.reason], title: 'Message not sent' }, { text: error.message });
  if (isStoreUnavailable(error)) {
    const seconds = String(STORE_RETRY_AFTER_SECONDS);
    return explained({ status: 503, title: 'Store unavailable' }, { key: 'storeUnavailable', values: { seconds } }, { 'Retry-After': seconds });
  }
  // Something the request refers to was deleted meanwhile (a contact, between reading and writing).
  if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return explained({ status: 409 }, { key: 'gone' });
  // Still losing to concurrent changes after the store's retries (src/store/lost-races.ts).
  if (lostRace(error)) return explained({ status: 409 }, { key: 'lostRace' });
  if (isClientHttpError(error)) {
    if (error.type === 'entity.too.large') return explained({ status: 413 }, { text: `the body is larger than the limit of ${error.limit} bytes` });
    if (error.type === 'entity.parse.failed') return explained({ status: 400 }, { text: 'the body is not valid JSON' });
    return explained({ status: error.status }, { text: error.type ? `the body could not be read (${error.type})` : error.message });
  }
  return undefined;
}

/** Maps whatever a route threw to problem details; unexpected errors are logged and stay opaque. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = explainError(error);
    if (problem) {
      if (isStoreUnavailable(error)) log.warn({ err: error, method: req.method, url: req.originalUrl }, 'store unavailable');
      return sendProblem(res, problem.problem, problem.headers);
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    sendProblem(res, { status: 500, detail: englishWords({ key: 'unexpected' }) });
  };
}
