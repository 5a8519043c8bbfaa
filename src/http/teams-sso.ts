import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SsoConfig } from '../config';

/** Who a valid Teams SSO token says the caller is. */
export interface TokenIdentity {
  userId: string;
  name: string;
  tenantId: string;
  /** Entra app roles granted to the user (the `roles` claim). */
  roles: string[];
  /**
   * Object ids of the user's groups (the `groups` claim), when the app registration asks for them.
   * Past Entra's limit (200 groups) the token names none and points to Microsoft Graph instead; that
   * "overage" is not followed, so such users get their roles from app roles alone.
   */
  groups: string[];
}

export class InvalidTokenError extends Error {}

/**
 * Validates Teams SSO access tokens (from `authentication.getAuthToken` in the tab): signature
 * against the published keys (fetched and cached by jose), audience, issuer of the token's tenant
 * (v1 or v2 tokens), expiry and not-before.
 */
export function teamsSsoVerifier(sso: SsoConfig): (token: string) => Promise<TokenIdentity> {
  const keys = createRemoteJWKSet(new URL(sso.jwksUri), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
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
    return {
      userId: String(payload.oid),
      name: String(payload.name ?? payload.preferred_username ?? payload.upn ?? payload.oid),
      tenantId,
      roles: stringsOf(payload.roles),
      groups: stringsOf(payload.groups),
    };
  };
}

const stringsOf = (claim: unknown): string[] => (Array.isArray(claim) ? claim.map(String) : []);

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
