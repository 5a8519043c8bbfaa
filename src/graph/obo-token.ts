import { ConfidentialClientApplication } from '@azure/msal-node';
import type { OnBehalfOfUserCredential } from '@microsoft/teamsfx';
import { GraphConsentRequired, GraphUnavailable } from './errors';

export interface OboSettings {
  /** Entra's authority host, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  clientId: string;
  clientSecret: string;
}

/** TeamsFx loads the Agents SDK along with it (about a second): loaded when first needed, not at every start. */
const loadTeamsFx = () => import('@microsoft/teamsfx');

/** Entra's public cloud: MSAL knows it, and trusts it without asking anyone. */
const PUBLIC_CLOUD_HOST = 'https://login.microsoftonline.com';

/**
 * An access token for `scope` on behalf of the user whose Teams SSO token this is: TeamsFx's
 * OnBehalfOfUserCredential, server-side (the OBO grant needs the app's client secret, which never
 * reaches the tab). It asks the user's own tenant, so multi-tenant apps work too.
 */
export async function tokenOnBehalfOf(ssoToken: string, tenantId: string, scope: string, settings: OboSettings): Promise<string> {
  const teamsFx = await loadTeamsFx();
  const credential = new teamsFx.OnBehalfOfUserCredential(ssoToken, { ...settings, tenantId });
  if (settings.authorityHost !== PUBLIC_CLOUD_HOST) trustAuthorityHost(credential, settings, tenantId);
  try {
    const token = await credential.getToken(scope);
    if (!token) throw new GraphUnavailable('Entra ID issued no token for Microsoft Graph');
    return token.token;
  } catch (error) {
    throw oboFailure(error, scope, teamsFx);
  }
}

/**
 * MSAL accepts an authority host outside its built-in list only once login.microsoftonline.com
 * vouches for it (instance discovery), unless it is named a known authority, which the credential
 * has no option for. So for another host (a sovereign or private cloud, the tests' local Entra)
 * its MSAL client is rebuilt as TeamsFx builds it, with the host known: TeamsFx 4 is its last
 * version, so this stays as it is.
 */
function trustAuthorityHost(credential: OnBehalfOfUserCredential, settings: OboSettings, tenantId: string): void {
  const host = new URL(settings.authorityHost).host;
  const msalClient = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: `${settings.authorityHost.replace(/\/+$/, '')}/${tenantId}`,
      knownAuthorities: [host],
    },
  });
  (credential as unknown as { msalClient: ConfidentialClientApplication }).msalClient = msalClient;
}

/** TeamsFx reports an interaction Entra wants (consent, above all) as UiRequiredError: a server cannot show it. */
function oboFailure(error: unknown, scope: string, { ErrorWithCode, ErrorCode }: Awaited<ReturnType<typeof loadTeamsFx>>): Error {
  if (error instanceof GraphUnavailable) return error;
  if (error instanceof ErrorWithCode && error.code === ErrorCode.UiRequiredError) {
    return new GraphConsentRequired(scope.replace(/^.*\//, ''), { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new GraphUnavailable(`Entra ID did not issue a token for Microsoft Graph on the user's behalf (${reason})`, undefined, { cause: error });
}
