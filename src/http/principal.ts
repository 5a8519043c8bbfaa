import type { Request, RequestHandler } from 'express';
import type { Mode } from '../config';
import { listMappings } from '../domain/access/role-store';
import { actingUser, DEVELOPMENT_USER, rememberUser, type ActingUser } from '../domain/access/users';
import { GraphConsentRequired, GraphUnavailable } from '../graph/errors';
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
  /**
   * A user in more groups than a token carries gets the groups mapped to roles checked in Graph.
   * When Graph cannot answer, the request is refused (403 for missing consent, else 503) rather than
   * served with app roles alone: a role missing without a word is what this is here to end.
   */
  const warnedUnresolvable = new Set<string>(); // once per user and process, not on every request
  const withOverageGroups = async (req: Request, identity: TokenIdentity): Promise<TokenIdentity> => {
    if (!identity.groupOverage) return identity;
    const mapped = (await listMappings(db)).filter((m) => m.source === 'group').map((m) => m.value);
    if (mapped.length === 0) return identity;
    const { membersOf } = identity.groupOverage;
    if (!membersOf) {
      if (!warnedUnresolvable.has(identity.userId)) {
        warnedUnresolvable.add(identity.userId);
        req.log.warn({ userId: identity.userId }, 'the user is in more groups than a token carries; without AAD_APP_CLIENT_SECRET they cannot be read from Microsoft Graph, so the user gets app roles only');
      }
      return identity;
    }
    try {
      return { ...identity, groups: await membersOf(mapped) };
    } catch (error) {
      req.log.warn({ err: error, userId: identity.userId }, 'the group memberships of a user in group overage could not be read from Microsoft Graph');
      throw overageProblem(error);
    }
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
      req.principal = await principalFor(await withOverageGroups(req, await verifyToken(token)));
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

const OVERAGE = 'Your roles could not be read: you are in more groups than a Teams sign-in token carries, so this app asks Microsoft Graph for the groups that grant roles, and';

function overageProblem(error: unknown): unknown {
  if (error instanceof GraphConsentRequired) {
    return new HttpProblem({
      status: 403,
      title: 'Administrator consent required',
      detail: `${OVERAGE} Graph needs a Microsoft 365 administrator to grant consent to this app's permission ${error.permission} (Entra admin center: App registrations, API permissions, Grant admin consent).`,
    });
  }
  if (error instanceof GraphUnavailable) {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000));
    return new HttpProblem({ status: 503, detail: `${OVERAGE} Graph did not answer; try again in ${seconds} seconds.` }, { 'Retry-After': String(seconds) });
  }
  return error;
}

const unauthorized = (detail: string) => new HttpProblem({ status: 401, detail }, { 'WWW-Authenticate': 'Bearer' });

export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new Error('authenticate() must run before the route');
  return req.principal;
}
