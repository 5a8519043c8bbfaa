import type { Request, RequestHandler } from 'express';
import { findUnstorableText, unstorableReason } from '../domain/text';
import { HttpProblem } from './problem-details';

/**
 * Refuses an API request whose path, query or JSON body carries text PostgreSQL cannot store (NUL,
 * lone surrogates) or percent-escapes that are not UTF-8, with a 400 naming where: one rule for every
 * route, before any of them reads the request, so none can store part of it or fail with a 500.
 */
export const refuseUnstorableInput: RequestHandler = (req, _res, next) => {
  const fault = pathFault(req) ?? queryFault(req) ?? bodyFault(req.body);
  if (fault) {
    throw new HttpProblem({ status: 400, title: 'Invalid request', detail: `${fault.field}: ${fault.message}`, errors: [fault] });
  }
  next();
};

interface Fault {
  field: string;
  message: string;
}

const NOT_UTF8 = 'has a percent-escape that is not UTF-8 text';

function pathFault(req: Request): Fault | undefined {
  const [path = ''] = req.originalUrl.split('?', 1);
  for (const segment of path.split('/')) {
    const text = percentDecoded(segment);
    if (text === undefined) return { field: 'path', message: NOT_UTF8 };
    const reason = unstorableReason(text);
    if (reason) return { field: 'path', message: reason };
  }
  return undefined;
}

/** Checks the raw query string: Node's parser would quietly turn a bad escape into U+FFFD. */
function queryFault(req: Request): Fault | undefined {
  const start = req.originalUrl.indexOf('?');
  if (start < 0) return undefined;
  for (const pair of req.originalUrl.slice(start + 1).split('&')) {
    const [rawKey = '', ...rawValue] = pair.split('=');
    const key = percentDecoded(rawKey.replaceAll('+', ' '));
    const field = key === undefined || unstorableReason(key) ? 'query' : `query.${key}`;
    if (key === undefined) return { field, message: NOT_UTF8 };
    const value = percentDecoded(rawValue.join('=').replaceAll('+', ' '));
    if (value === undefined) return { field, message: NOT_UTF8 };
    const reason = unstorableReason(key) ?? unstorableReason(value);
    if (reason) return { field, message: reason };
  }
  return undefined;
}

function bodyFault(body: unknown): Fault | undefined {
  const found = findUnstorableText(body);
  return found && { field: ['body', ...found.path].join('.'), message: found.reason };
}

/** The percent-decoded text, or undefined when its escapes are not UTF-8 (lone surrogates included). */
function percentDecoded(component: string): string | undefined {
  try {
    return decodeURIComponent(component);
  } catch {
    return undefined;
  }
}
