import type { RequestHandler } from 'express';
import type { Mode } from '../config';
import { PERMISSIONS, permissionsOf, type Actor } from '../domain/access/permissions';
import type { Db } from '../store/db';
import { HttpProblem } from './problem-details';
import { InvalidTokenError, type TokenIdentity } from './teams-sso';

/** Who is calling the API, and what they may do. */
export interface Principal extends Actor {
  /** Divisions whose interactions this user may see; '*' for all. */
  divisions: '*' | string[];
  /** True for the development identity, which exists only in development mode. */
  development: boolean;
}

export const DEVELOPMENT_PRINCIPAL: Principal = {
  id: 'dev-user',
  name: 'Development User',
  permissions: new Set(PERMISSIONS),
  divisions: '*',
  development: true,
};

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export interface AuthenticationOptions {
  mode: Mode;
  db: Db;
  /** Validates a Teams SSO token; absent when no Entra app is configured. */
  verifyToken?: (token: string) => Promise<TokenIdentity>;
}

/**
 * Authenticates API calls with the Teams SSO bearer token. In development mode a call without a
 * token acts as the development identity, and the response says so in a header; in production a
 * token is always required.
 */
export function authenticate({ mode, db, verifyToken }: AuthenticationOptions): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token && mode === 'development') {
      req.principal = DEVELOPMENT_PRINCIPAL;
      res.setHeader('X-Development-Identity', DEVELOPMENT_PRINCIPAL.id);
      return next();
    }
    if (!token) throw unauthorized('a Teams SSO bearer token is required');
    if (!verifyToken) throw unauthorized('Teams SSO is not configured on this server (AAD_APP_CLIENT_ID)');
    try {
      req.principal = await principalFor(db, await verifyToken(token));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(error.message);
      throw error;
    }
    next();
  };
}

async function principalFor(db: Db, identity: TokenIdentity): Promise<Principal> {
  const permissions = permissionsOf(identity.roles);
  const divisions = permissions.has('interactions:view-all')
    ? '*'
    : (await db.query<{ division: string }>('SELECT division FROM user_divisions WHERE user_id = $1', [identity.userId])).map((r) => r.division);
  return { id: identity.userId, name: identity.name, permissions, divisions, development: false };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

const unauthorized = (detail: string) => new HttpProblem({ status: 401, detail }, { 'WWW-Authenticate': 'Bearer' });

export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new Error('authenticate() must run before the route');
  return req.principal;
}
