import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SsoConfig } from '../config';
import { groupMembershipFromGraph, type GroupMembership } from '../graph/overage-groups';

/** Who a valid Teams SSO token says the caller is. */
export interface TokenIdentity {
  userId: string;
  name: string;
  tenantId: string;
  /** Entra app roles granted to the user (the `roles` claim). */
  roles: string[];
  /** Object ids of the user's groups (the `groups` claim), when the app registration asks for them. */
  groups: string[];
  /**
   * Present when the user is in more groups than a token carries (Entra's limit is 200): the token
   * names none and points to Microsoft Graph instead ("group overage").
   */
  groupOverage?: GroupOverage;
}

export interface GroupOverage {
  /** Which of `groupIds` the user is in, asked of Graph on their behalf; absent when no client secret is configured for Graph. */
  membersOf?: (groupIds: readonly string[]) => Promise<string[]>;
}

export class InvalidTokenError extends Error {}

/**
 * Validates Teams SSO access tokens (from `authentication.getAuthToken` in the tab): signature
 * against the published keys (fetched and cached by jose), audience, issuer of the token's tenant
 * (v1 or v2 tokens), expiry and not-before.
 */
export function teamsSsoVerifier(sso: SsoConfig): (token: string) => Promise<TokenIdentity> {
  const keys = createRemoteJWKSet(new URL(sso.jwksUri), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  const membership: GroupMembership | undefined = sso.graph
    ? groupMembershipFromGraph({ authorityHost: sso.authorityHost, clientId: sso.clientId, clientSecret: sso.graph.clientSecret }, sso.graph)
    : undefined;
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        audience: sso.audiences,
        algorithms: ['RS256'],
        clockTolerance: 60,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (error) {
      throw new InvalidTokenError(reasonOf(error), { cause: error });
    }
    const tenantId = String(payload.tid);
    if (sso.tenantId && tenantId !== sso.tenantId) throw new InvalidTokenError('the token was issued for another tenant');
    const issuers = [`${sso.authorityHost}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
    if (!issuers.includes(String(payload.iss))) throw new InvalidTokenError(`the token issuer ${payload.iss} is not the tenant's`);
    const user = { userId: String(payload.oid), tenantId, ssoToken: token };
    return {
      userId: user.userId,
      name: String(payload.name ?? payload.preferred_username ?? payload.upn ?? payload.oid),
      tenantId,
      roles: stringsOf(payload.roles),
      groups: stringsOf(payload.groups),
      ...(hasGroupOverage(payload) ? { groupOverage: { membersOf: membership && ((groupIds) => membership(user, groupIds)) } } : {}),
    };
  };
}

const stringsOf = (claim: unknown): string[] => (Array.isArray(claim) ? claim.map(String) : []);

/** Overage as access tokens say it (`_claim_names.groups` pointing to `_claim_sources`), or as implicit-flow tokens do (`hasgroups`). */
function hasGroupOverage(payload: JWTPayload): boolean {
  if (Array.isArray(payload.groups)) return false;
  const claimNames = payload._claim_names as Record<string, unknown> | undefined;
  return payload.hasgroups === true || (typeof claimNames === 'object' && claimNames !== null && 'groups' in claimNames);
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a known key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with RS256';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'the token is malformed';
  if (error instanceof errors.JOSEError) return `the token could not be validated (${error.code})`;
  return 'the token signing keys could not be fetched';
}
