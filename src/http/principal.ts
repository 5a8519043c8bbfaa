import type { RequestHandler } from 'express';
import type { Mode } from '../config';
import { HttpProblem } from './problem-details';

/** Who is calling the API. */
export interface Principal {
  id: string;
  name: string;
  /** Divisions whose interactions this user may see; '*' for all. */
  divisions: '*' | string[];
  /** True for the development identity, which exists only in development mode. */
  development: boolean;
}

export const DEVELOPMENT_PRINCIPAL: Principal = {
  id: 'dev-user',
  name: 'Development User',
  divisions: '*',
  development: true,
};

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * Authenticates API calls. In development mode every call acts as the development identity, and the
 * response says so in a header. In production only Teams SSO tokens are accepted; until their
 * validation is configured, every call is refused rather than let through.
 */
export function authenticate(mode: Mode): RequestHandler {
  return (req, res, next) => {
    if (mode === 'development') {
      req.principal = DEVELOPMENT_PRINCIPAL;
      res.setHeader('X-Development-Identity', DEVELOPMENT_PRINCIPAL.id);
      return next();
    }
    throw new HttpProblem(
      { status: 401, detail: 'a Teams SSO bearer token is required' },
      { 'WWW-Authenticate': 'Bearer' },
    );
  };
}

export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new Error('authenticate() must run before the route');
  return req.principal;
}
