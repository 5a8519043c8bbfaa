import { toThemeName, type Host, type ThemeName } from './host';

/**
 * A plain browser (development mode): theme from `?theme=` or the system setting, language from
 * `?locale=` or the browser. No token: the server acts as its development identity, and says so.
 * No startCall: phone numbers are tel: links, which the system's own calling app answers.
 */
export function browserHost(params: URLSearchParams): Host {
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const themeParam = params.get('theme');
  const systemTheme = (): ThemeName => (dark?.matches ? 'dark' : 'default');
  return {
    kind: 'browser',
    theme: themeParam ? toThemeName(themeParam) : systemTheme(),
    locale: params.get('locale') ?? navigator.language ?? 'en',
    getToken: async () => null,
    onThemeChange(handler) {
      if (!themeParam) dark?.addEventListener('change', () => handler(systemTheme()));
    },
  };
}
