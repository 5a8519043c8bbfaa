import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CrmError } from '../connector';
import type { TokenGrant } from './salesforce-tokens';

export interface JwtBearerSettings {
  /** The connected app's consumer key: the assertion's issuer. */
  clientId: string;
  /** The Salesforce user the integration acts as: the assertion's subject. */
  username: string;
  /** The key whose certificate is uploaded to the connected app (PKCS#1 or PKCS#8 PEM). */
  privateKeyPem: string;
  /** Defaults to https://login.salesforce.com; https://test.salesforce.com for sandboxes. */
  audience?: string;
}

const DEFAULT_AUDIENCE = 'https://login.salesforce.com';
/** Salesforce refuses assertions that expire more than 3 minutes ahead. */
const ASSERTION_LIFETIME = '3m';

/**
 * Salesforce's OAuth 2.0 JWT bearer flow (RFC 7523): an RS256 assertion signed with the connected
 * app's key buys an access token for a named user, with no secret on the wire.
 */
export function jwtBearerGrant(settings: JwtBearerSettings): TokenGrant {
  let key: KeyObject | null = null;
  const privateKey = (): KeyObject => {
    try {
      key ??= createPrivateKey(settings.privateKeyPem);
      return key;
    } catch {
      // The parser's message is not passed on: it could quote part of the key.
      throw new CrmError('unauthorized', 'the JWT private key cannot be read: it must be an RSA private key in PEM format');
    }
  };
  return {
    name: 'JWT bearer assertion',
    async form() {
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(settings.clientId)
        .setSubject(settings.username)
        .setAudience(settings.audience ?? DEFAULT_AUDIENCE)
        .setExpirationTime(ASSERTION_LIFETIME)
        .sign(privateKey());
      return new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    },
  };
}
