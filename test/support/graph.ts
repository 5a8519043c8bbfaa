import express, { type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';

/** A request Graph received, with whose token it came. */
export interface GraphRequest {
  method: string;
  path: string;
  userId: string | null;
  body: unknown;
  /** When it arrived (ms since the epoch), to check a retry came no sooner than Retry-After. */
  at: number;
}

export interface GraphOptions {
  /** Checks an access token for Graph and returns its claims (the test Entra's accessTokenClaims); throws when invalid. */
  verifyToken: (accessToken: string, audience: string) => Promise<Record<string, unknown>>;
}

const CHECK_MEMBER_GROUPS_LIMIT = 20;

/**
 * A local stand-in for Microsoft Graph v1.0's directory-object membership functions
 * (POST /me/checkMemberGroups, POST /me/getMemberObjects), on Graph's wire protocol: JSON with
 * `@odata.context`, errors as { "error": { "code", "message", "innerError" } }, 401 without a valid
 * token, 403 without GroupMember.Read.All, and throttling as 429 with Retry-After.
 */
export async function startGraph({ verifyToken }: GraphOptions) {
  const memberships = new Map<string, Set<string>>();
  const requests: GraphRequest[] = [];
  const throttles: number[] = []; // Retry-After seconds of the next answers to throttle
  let unavailable = false;
  const app = express();
  const root = '/v1.0';

  app.use(express.json());
  app.use(root, (req, res, next) => {
    void (async () => {
      const userId = await userOf(req);
      requests.push({ method: req.method, path: req.path, userId, body: req.body, at: Date.now() });
      if (unavailable) return graphError(res, 503, 'serviceNotAvailable', 'The service is temporarily unavailable.');
      const retryAfter = throttles.shift();
      if (retryAfter !== undefined) {
        res.setHeader('Retry-After', String(retryAfter));
        return graphError(res, 429, 'TooManyRequests', 'Too many requests have been sent; please retry after the time the Retry-After header says.');
      }
      if (!userId) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      res.locals.userId = userId;
      next();
    })().catch(next);
  });

  app.post(`${root}/me/checkMemberGroups`, (req, res) => {
    const groupIds = (req.body as { groupIds?: unknown }).groupIds;
    if (!Array.isArray(groupIds) || groupIds.some((id) => typeof id !== 'string')) {
      return graphError(res, 400, 'Request_BadRequest', "Invalid value specified for property 'groupIds' of resource 'DirectoryObject'.");
    }
    if (groupIds.length > CHECK_MEMBER_GROUPS_LIMIT) {
      return graphError(res, 400, 'Request_BadRequest', `The request contains more than ${CHECK_MEMBER_GROUPS_LIMIT} groupIds.`);
    }
    const mine = memberships.get(res.locals.userId as string) ?? new Set();
    res.json({ '@odata.context': `${baseUrl}/$metadata#Collection(Edm.String)`, value: groupIds.filter((id: string) => mine.has(id)) });
  });

  app.post(`${root}/me/getMemberObjects`, (req, res) => {
    if (typeof (req.body as { securityEnabledOnly?: unknown }).securityEnabledOnly !== 'boolean') {
      return graphError(res, 400, 'Request_BadRequest', "The 'securityEnabledOnly' parameter is required.");
    }
    res.json({ '@odata.context': `${baseUrl}/$metadata#Collection(Edm.String)`, value: [...(memberships.get(res.locals.userId as string) ?? [])] });
  });

  app.use(root, (req, res) => graphError(res, 400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').pop()}'.`));

  async function userOf(req: Request): Promise<string | null> {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token) return null;
    try {
      const claims = await verifyToken(token, origin);
      if (!String(claims.scp ?? '').split(' ').includes('GroupMember.Read.All')) return null;
      return String(claims.oid);
    } catch {
      return null;
    }
  }

  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}${root}`;

  return {
    /** GRAPH_BASE_URL for the app. */
    baseUrl,
    /** Every request that reached Graph, oldest first. */
    requests,
    /** The groups the user is a (transitive) member of. */
    setMemberships(userId: string, groupIds: string[]) {
      memberships.set(userId, new Set(groupIds));
    },
    /** The next answer is 429 with this Retry-After (seconds), whatever is asked. */
    throttleNext(retryAfterSeconds: number) {
      throttles.push(retryAfterSeconds);
    },
    /** Every answer is 503 until set back. */
    setUnavailable(down: boolean) {
      unavailable = down;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Graph's error shape. */
function graphError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({
    error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': crypto.randomUUID(), 'client-request-id': crypto.randomUUID() } },
  });
}
