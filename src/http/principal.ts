import type { RequestHandler } from 'express';
import type { Mode } from '../config';
import { actingUser, DEVELOPMENT_USER, rememberUser, type ActingUser } from '../domain/access/users';
import type { Db } from '../store/db';
import { HttpProblem } from './problem-details';
import { InvalidTokenError, type TokenIdentity } from './teams-sso';

/** Who is calling the API, and what they may do. */
export interface Principal extends ActingUser {
  /** True for the development identity, which exists only in development mode. */
  development: boolean;
}

export const DEVELOPMENT_PRINCIPAL: Principal = { ...DEVELOPMENT_USER, development: true };

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
  const remembered = new Map<string, string>(); // user id → the name, roles and groups last stored, to write only on change
  const principalFor = async (identity: TokenIdentity): Promise<Principal> => {
    const seen = JSON.stringify([identity.name, identity.roles, identity.groups]);
    if (remembered.get(identity.userId) !== seen) {
      await rememberUser(db, identity);
      remembered.set(identity.userId, seen);
    }
    return { ...(await actingUser(db, identity)), development: false };
  };
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
      req.principal = await principalFor(await verifyToken(token));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(error.message);
      throw error;
    }
    next();
  };
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
