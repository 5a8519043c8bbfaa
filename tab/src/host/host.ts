/** Teams' theme names, as `app.getContext()` and the theme-change handler report them. */
export type ThemeName = 'default' | 'dark' | 'contrast';

/** Where the tab runs: inside Teams, or (development only) in a plain browser. */
export interface Host {
  kind: 'teams' | 'browser';
  theme: ThemeName;
  /** BCP 47 locale of the user's Teams language (or the browser's). */
  locale: string;
  /** A Teams SSO token for our API; null outside Teams (the server then uses its development identity). */
  getToken(): Promise<string | null>;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  /**
   * Configurable tabs (chats, channels, meetings): lets the user save the tab, which will open
   * contentUrl. Only inside Teams.
   */
  enableTabConfiguration?(contentUrl: string, displayName: string): void;
  /** Places a phone call to an E.164 number; present only where the host can (rejects with the host's reason if it refuses). */
  startCall?(phoneE164: string): Promise<void>;
}

export function toThemeName(value: string | null | undefined): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}
