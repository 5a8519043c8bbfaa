import { Connection } from 'jsforce';
import { CrmError, type CrmConnectionSettings } from '../connector';
import { jwtBearerGrant } from './salesforce-jwt-bearer';
import { clientCredentialsGrant, SalesforceTokens } from './salesforce-tokens';
import { SalesforceTransport } from './salesforce-transport';

/** A failure already in words for the card (Salesforce's own, with what was refused): passed on as it is. */
export class SalesforceRefusal extends CrmError {
  constructor(message: string) {
    super('rejected', message);
  }
}

/**
 * One authenticated jsforce connection per CRM connection. The token comes from the client
 * credentials flow, or the JWT bearer flow when a key is configured; REST calls go to the instance
 * the token endpoint names (instance_url), with the configured API version or else the highest the
 * org offers (asked once). jsforce calls refreshFn when Salesforce answers 401 INVALID_SESSION_ID,
 * and resends the request once with the new token.
 */
export class SalesforceSession {
  private readonly tokens: SalesforceTokens;
  private readonly conn: Connection;
  private readonly configuredVersion: string | null;
  private discoveredVersion: Promise<string> | null = null;
  /** jsforce replaces a refreshFn failure by a plain Error; the CrmError is kept here to rethrow it. */
  private refreshFailure: CrmError | null = null;

  constructor(settings: CrmConnectionSettings, now?: () => number) {
    const configuredUrl = settings.instanceUrl.replace(/\/+$/, '');
    const grant = settings.jwt ? jwtBearerGrant({ clientId: settings.clientId, ...settings.jwt }) : clientCredentialsGrant(settings.clientId, settings.clientSecret);
    this.tokens = new SalesforceTokens(settings.tokenUrl, configuredUrl, grant, now);
    this.configuredVersion = settings.apiVersion?.trim().replace(/^v/i, '') || null;
    this.conn = new Connection({
      instanceUrl: configuredUrl,
      refreshFn: (conn, callback) => {
        this.tokens.invalidate();
        this.tokens.token().then(
          (token) => {
            conn.instanceUrl = token.instanceUrl;
            callback(null, token.accessToken);
          },
          (error: unknown) => {
            this.refreshFailure = asCrmError(error);
            callback(this.refreshFailure);
          },
        );
      },
    });
    // jsforce takes no transport option; ours classifies failures and turns off jsforce's retries.
    this.conn._transport = new SalesforceTransport();
  }

  /** The org's instance as the token endpoint named it (the configured URL until a token was had): record links open there. */
  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  /** Runs one operation with a current token; failures come out as CrmError prefixed with what failed. */
  async run<T>(what: string, operation: (conn: Connection) => Promise<T>): Promise<T> {
    try {
      const token = await this.tokens.token();
      this.conn.accessToken = token.accessToken;
      this.conn.instanceUrl = token.instanceUrl;
      this.conn.version = await this.apiVersion();
      return await operation(this.conn);
    } catch (error) {
      if (error instanceof SalesforceRefusal) throw error;
      const crmError = this.classify(error);
      throw new CrmError(crmError.kind, `${what}: ${crmError.message}`, crmError.retryAfterMs);
    }
  }

  /** The configured version, else the highest the org offers. */
  private apiVersion(): Promise<string> {
    if (this.configuredVersion) return Promise.resolve(this.configuredVersion);
    this.discoveredVersion ??= offeredVersions(this.conn).then(
      (versions) => {
        const highest = versions.at(-1);
        if (!highest) throw new CrmError('rejected', 'this Salesforce org offers no REST API version');
        return highest;
      },
      (error: unknown) => {
        this.discoveredVersion = null;
        throw error;
      },
    );
    return this.discoveredVersion;
  }

  private classify(error: unknown): CrmError {
    if (error instanceof CrmError) return error;
    if (this.refreshFailure && error instanceof Error && error.message.startsWith('Unable to refresh session')) {
      const failure = this.refreshFailure;
      this.refreshFailure = null;
      return failure;
    }
    // A 401 jsforce chose not to treat as an expired session ("This session is not valid for use
    // with the REST API"): it comes back as jsforce's own error, with Salesforce's errorCode.
    const errorCode = (error as { errorCode?: unknown } | null)?.errorCode;
    if (error instanceof Error && typeof errorCode === 'string') {
      const unauthorized = errorCode === 'INVALID_SESSION_ID' || errorCode === 'ERROR_HTTP_401';
      return new CrmError(unauthorized ? 'unauthorized' : 'rejected', `Salesforce ${errorCode}: ${error.message}`);
    }
    throw error; // not a CRM failure: a bug, let it surface as is
  }
}

/** The REST API versions the org offers (GET /services/data/ on its instance), oldest first. */
export async function offeredVersions(conn: Connection): Promise<string[]> {
  const listed = await conn.request<Array<{ version?: unknown }>>('/services/data/');
  const versions = (Array.isArray(listed) ? listed : []).map((v) => v.version).filter((v): v is string => typeof v === 'string' && /^\d+\.\d+$/.test(v));
  return versions.sort((a, b) => Number(a) - Number(b));
}

function asCrmError(error: unknown): CrmError {
  return error instanceof CrmError ? error : new CrmError('unauthorized', 'the access token could not be renewed');
}
