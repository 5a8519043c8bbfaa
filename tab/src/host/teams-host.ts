import { app, authentication, call, ErrorCode, pages } from '@microsoft/teams-js';
import { toThemeName, type Host } from './host';

/** Tokens are cached by teams-js; we only ask again when ours is close to expiry. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** Inside Teams: theme, locale and user from the Teams context, tokens from Teams SSO. */
export async function teamsHost(): Promise<Host> {
  await app.initialize();
  const context = await app.getContext();
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null; // calls at startup share one request
  return {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    locale: context.app.locale || 'en-us',
    async getToken() {
      if (cached && cached.expiresAt - TOKEN_MARGIN_MS > Date.now()) return cached.token;
      pending ??= authentication.getAuthToken().then(
        (token) => {
          cached = { token, expiresAt: expiryOf(token) };
          return token;
        },
      ).finally(() => (pending = null));
      return pending;
    },
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(toThemeName(theme)));
    },
    enableTabConfiguration(contentUrl, displayName) {
      pages.config.registerOnSaveHandler((save) => {
        pages.config
          .setConfig({ contentUrl, websiteUrl: contentUrl, entityId: 'customerCard', suggestedDisplayName: displayName })
          .then(() => save.notifySuccess(), (error: unknown) => save.notifyFailure(String(error)));
      });
      pages.config.setValidityState(true);
    },
    // The host's capabilities are fixed for the session, and isSupported() needs initialize() done: ask once, here.
    ...(call.isSupported() ? { startCall: startPstnCall } : {}),
  };
}

/** Teams takes a phone number as the PSTN MRI `4:<E.164>` (teams-js StartCallParams.targets). */
async function startPstnCall(phoneE164: string): Promise<void> {
  let started: unknown;
  try {
    started = await call.startCall({ targets: [`4:${phoneE164}`], requestedModalities: [call.CallModalities.Audio] });
  } catch (error) {
    throw new Error(reasonOf(error), { cause: error });
  }
  // teams-js passes the host's answer through unchecked: anything but true means no call.
  if (started !== true) throw new Error('Teams did not start the call');
}

/** teams-js rejects with an SdkError ({ errorCode, message? }), not an Error. */
function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'errorCode' in error) {
    const { errorCode, message } = error as { errorCode: ErrorCode; message?: string };
    return message || `${ErrorCode[errorCode] ?? 'error'} (${errorCode})`;
  }
  return String(error);
}

function expiryOf(jwt: string): number {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}
