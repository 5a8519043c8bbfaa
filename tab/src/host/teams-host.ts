import { app, authentication } from '@microsoft/teams-js';
import { toThemeName, type Host } from './host';

/** Tokens are cached by teams-js; we only ask again when ours is close to expiry. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** Inside Teams: theme, locale and user from the Teams context, tokens from Teams SSO. */
export async function teamsHost(): Promise<Host> {
  await app.initialize();
  const context = await app.getContext();
  let cached: { token: string; expiresAt: number } | null = null;
  return {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    locale: context.app.locale || 'en-us',
    async getToken() {
      if (cached && cached.expiresAt - TOKEN_MARGIN_MS > Date.now()) return cached.token;
      const token = await authentication.getAuthToken();
      cached = { token, expiresAt: expiryOf(token) };
      return token;
    },
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(toThemeName(theme)));
    },
  };
}

function expiryOf(jwt: string): number {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}
