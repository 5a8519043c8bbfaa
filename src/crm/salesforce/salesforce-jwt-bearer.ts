import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CrmError } from '../connector';

export interface JwtBearerSettings {
  tokenUrl: string;
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
/** Salesforce returns no expires_in (the session timeout applies): renew after this, or on 401. */
const ASSUMED_LIFETIME_MS = 30 * 60_000;

/**
 * Salesforce's OAuth 2.0 JWT bearer flow (RFC 7523): an RS256 assertion signed with the connected
 * app's key buys an access token for a named user, with no secret on the wire. Same contract as
 * ClientCredentialsTokens: one cached token, renewed on expiry or invalidate(), one request at a time.
 */
export class JwtBearerTokens {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private key: KeyObject | null = null;

  constructor(private readonly settings: JwtBearerSettings, private readonly now = () => Date.now()) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async request(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await this.assertion() });
    let response: Response;
    try {
      response = await fetch(this.settings.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    } catch (error) {
      throw new CrmError('unavailable', `the token endpoint cannot be reached (${(error as Error).message})`);
    }
    const json = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
    if (!response.ok || !json.access_token) {
      const reason = json.error_description ?? json.error ?? `HTTP ${response.status}`;
      throw new CrmError(response.status >= 500 ? 'unavailable' : 'unauthorized', `the token endpoint refused the JWT bearer assertion: ${reason}`);
    }
    this.cached = { token: json.access_token, expiresAt: this.now() + ASSUMED_LIFETIME_MS };
    return json.access_token;
  }

  private async assertion(): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(this.settings.clientId)
      .setSubject(this.settings.username)
      .setAudience(this.settings.audience ?? DEFAULT_AUDIENCE)
      .setExpirationTime(ASSERTION_LIFETIME)
      .sign(this.privateKey());
  }

  private privateKey(): KeyObject {
    try {
      this.key ??= createPrivateKey(this.settings.privateKeyPem);
      return this.key;
    } catch {
      // The parser's message is not passed on: it could quote part of the key.
      throw new CrmError('unauthorized', 'the JWT private key cannot be read: it must be an RSA private key in PEM format');
    }
  }
}
