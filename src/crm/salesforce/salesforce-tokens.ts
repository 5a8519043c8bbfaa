import { CrmError } from '../connector';

/** What the token endpoint grants: the token and the instance that serves the org's REST API. */
export interface SalesforceToken {
  accessToken: string;
  /** `instance_url` (https://<my-domain>.my.salesforce.com): REST calls go there, not to the login host. */
  instanceUrl: string;
}

/** One OAuth 2.0 grant: what it is called in messages, and the form it posts. */
export interface TokenGrant {
  /** "client credentials", "JWT bearer assertion". */
  name: string;
  form(): Promise<URLSearchParams>;
}

/** Salesforce answers no expires_in (the org's session timeout applies): renew after this, or on 401. */
const ASSUMED_LIFETIME_MS = 30 * 60_000;

/**
 * Access tokens from Salesforce's token endpoint for one connection: one cached, renewed when it is
 * old or when Salesforce refuses it (invalidate), one request at a time. Keeps `instance_url`,
 * which the shared client-credentials helper drops.
 */
export class SalesforceTokens {
  private cached: { token: SalesforceToken; expiresAt: number } | null = null;
  private pending: Promise<SalesforceToken> | null = null;

  constructor(
    private readonly tokenUrl: string,
    /** Used when the answer names no instance (it always does in Salesforce). */
    private readonly fallbackInstanceUrl: string,
    private readonly grant: TokenGrant,
    private readonly now = () => Date.now(),
  ) {}

  async token(): Promise<SalesforceToken> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async request(): Promise<SalesforceToken> {
    const body = await this.grant.form();
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    } catch (error) {
      throw new CrmError('unavailable', `the token endpoint cannot be reached (${(error as Error).message})`);
    }
    const json = (await response.json().catch(() => ({}))) as { access_token?: string; instance_url?: string; error?: string; error_description?: string };
    if (!response.ok || !json.access_token) {
      const reason = json.error_description ?? json.error ?? `HTTP ${response.status}`;
      throw new CrmError(response.status >= 500 ? 'unavailable' : 'unauthorized', `the token endpoint refused the ${this.grant.name}: ${reason}`);
    }
    const token = { accessToken: json.access_token, instanceUrl: instanceUrlOf(json.instance_url) ?? this.fallbackInstanceUrl };
    this.cached = { token, expiresAt: this.now() + ASSUMED_LIFETIME_MS };
    return token;
  }
}

/** The OAuth 2.0 client credentials flow (a connected app's consumer key and secret). */
export function clientCredentialsGrant(clientId: string, clientSecret: string): TokenGrant {
  return {
    name: 'client credentials',
    form: () => Promise.resolve(new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })),
  };
}

function instanceUrlOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}
