import { CrmError } from '../connector';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** Renew this long before expiry, so a token never expires mid-request. */
const EARLY_RENEWAL_MS = 60_000;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for every CRM connector: one token cached per
 * connection, renewed before it expires or when the CRM answers 401, one request at a time.
 */
export class ClientCredentialsTokens {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly credentials: ClientCredentials, private readonly now = () => Date.now()) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_RENEWAL_MS > this.now()) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = null));
    return this.pending;
  }

  /** The CRM refused the token (401): the next call gets a new one. */
  invalidate(): void {
    this.cached = null;
  }

  private async request(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      ...(this.credentials.scope ? { scope: this.credentials.scope } : {}),
    });
    let response: Response;
    try {
      response = await fetch(this.credentials.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    } catch (error) {
      throw new CrmError('unavailable', `the token endpoint cannot be reached (${(error as Error).message})`);
    }
    const json = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number | string; error?: string; error_description?: string };
    if (!response.ok || !json.access_token) {
      const reason = json.error_description ?? json.error ?? `HTTP ${response.status}`;
      throw new CrmError(response.status >= 500 ? 'unavailable' : 'unauthorized', `the token endpoint refused the client credentials: ${reason}`);
    }
    // Salesforce omits expires_in (session timeout applies); assume an hour and renew on 401.
    const lifetimeMs = Number(json.expires_in ?? 3600) * 1000;
    this.cached = { token: json.access_token, expiresAt: this.now() + lifetimeMs };
    return json.access_token;
  }
}
