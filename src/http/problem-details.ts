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
  };
}

/** The CRM behind us failed: 503 when it asks us to come back later, 502 otherwise. */
function crmProblem(error: CrmError): Problem {
  const status = error.kind === 'not_found' ? 404 : error.retryable ? 503 : 502;
  return { status, title: 'CRM error', detail: `the CRM answered: ${error.message}` };
}

function crmRetryAfter(error: CrmError): Record<string, string> {
  return error.retryAfterMs !== undefined ? { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
}

/**
 * When to ask a caller to come back after the store failed: long enough for a restart or a failover
 * to make progress, short enough that a webhook sender honouring it finds the store back soon.
 */
const STORE_RETRY_AFTER_SECONDS = 5;

const STORE_UNAVAILABLE: Problem = { status: 503, title: 'Store unavailable', detail: `the store cannot be reached or did not answer in time; retry after ${STORE_RETRY_AFTER_SECONDS} seconds` };

/** SQLSTATE for a row that refers to one that is not there (PostgreSQL and PGlite alike). */
const FOREIGN_KEY_VIOLATION = '23503';

const SEND_FAILURE_STATUS: Record<SendFailureReason, number> = { 'invalid-address': 422, refused: 502, unavailable: 503, uncertain: 504 };

/** The SMS or e-mail provider did not take the message; its words are safe to show (OUT-1). */
function sendFailureProblem(error: SendFailure): Problem {
  return { status: SEND_FAILURE_STATUS[error.reason], title: 'Message not sent', detail: error.message };
}

/** The http-errors that Express middleware (body parsers, static files) raise for bad requests. */
interface ClientHttpError {
  status: number;
  message: string;
  type?: string;
  limit?: number;
}
const isClientHttpError = (e: unknown): e is ClientHttpError =>
  e instanceof Error && typeof (e as Partial<ClientHttpError>).status === 'number' && (e as unknown as ClientHttpError).status < 500;

/** Maps whatever a route threw to problem details; unexpected errors are logged and stay opaque. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof HttpProblem) return sendProblem(res, error.problem, error.headers);
    if (error instanceof DomainError) return sendProblem(res, domainProblem(error));
    if (error instanceof z.ZodError) return sendProblem(res, schemaProblem(error, 'request'));
    if (error instanceof CrmError) return sendProblem(res, crmProblem(error), crmRetryAfter(error));
    if (error instanceof SendFailure) return sendProblem(res, sendFailureProblem(error));
    if (isStoreUnavailable(error)) {
      log.warn({ err: error, method: req.method, url: req.originalUrl }, 'store unavailable');
      return sendProblem(res, STORE_UNAVAILABLE, { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });
    }
    // Something the request refers to was deleted meanwhile (a contact, between reading and writing).
    if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return sendProblem(res, { status: 409, detail: 'something this refers to no longer exists; reload and try again' });
    // Still losing to concurrent changes after the store's retries (src/store/lost-races.ts).
    if (lostRace(error)) return sendProblem(res, { status: 409, detail: 'other changes to the same data kept getting in the way; reload and try again' });
    if (isClientHttpError(error)) {
      if (error.type === 'entity.too.large') {
        return sendProblem(res, { status: 413, detail: `the body is larger than the limit of ${error.limit} bytes` });
      }
      if (error.type === 'entity.parse.failed') return sendProblem(res, { status: 400, detail: 'the body is not valid JSON' });
      return sendProblem(res, { status: error.status, detail: error.type ? `the body could not be read (${error.type})` : error.message });
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    sendProblem(res, { status: 500, detail: 'an unexpected error occurred; it has been logged' });
  };
}
