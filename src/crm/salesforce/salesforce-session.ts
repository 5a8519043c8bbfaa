import { Connection } from 'jsforce';
import { CrmError, type CrmConnectionSettings } from '../connector';
import { ClientCredentialsTokens } from '../shared/oauth-client-credentials';
import { JwtBearerTokens } from './salesforce-jwt-bearer';
import { SalesforceTransport } from './salesforce-transport';

export const API_VERSION = '62.0';

interface TokenSource {
  token(): Promise<string>;
  invalidate(): void;
}

/**
 * One authenticated jsforce connection per CRM connection: the token comes from the client
 * credentials flow, or the JWT bearer flow when a key is configured; jsforce calls refreshFn when
 * Salesforce answers 401 INVALID_SESSION_ID, and resends the request once with the new token.
 */
export class SalesforceSession {
  readonly instanceUrl: string;
  private readonly tokens: TokenSource;
  private readonly conn: Connection;
  /** jsforce replaces a refreshFn failure by a plain Error; the CrmError is kept here to rethrow it. */
  private refreshFailure: CrmError | null = null;

  constructor(settings: CrmConnectionSettings, now?: () => number) {
    this.instanceUrl = settings.instanceUrl.replace(/\/+$/, '');
    this.tokens = settings.jwt
      ? new JwtBearerTokens({ tokenUrl: settings.tokenUrl, clientId: settings.clientId, ...settings.jwt }, now)
      : new ClientCredentialsTokens({ tokenUrl: settings.tokenUrl, clientId: settings.clientId, clientSecret: settings.clientSecret }, now);
    this.conn = new Connection({
      instanceUrl: this.instanceUrl,
      version: API_VERSION,
      refreshFn: (_conn, callback) => {
        this.tokens.invalidate();
        this.tokens.token().then(
          (token) => callback(null, token),
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

  /** Runs one operation with a current token; failures come out as CrmError prefixed with what failed. */
  async run<T>(what: string, operation: (conn: Connection) => Promise<T>): Promise<T> {
    try {
      this.conn.accessToken = await this.tokens.token();
      return await operation(this.conn);
    } catch (error) {
      const crmError = this.classify(error);
      throw new CrmError(crmError.kind, `${what}: ${crmError.message}`, crmError.retryAfterMs);
    }
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

function asCrmError(error: unknown): CrmError {
  return error instanceof CrmError ? error : new CrmError('unauthorized', 'the access token could not be renewed');
}
