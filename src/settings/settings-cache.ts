import type { Db } from '../store/db';
import { APP_SETTINGS_CHANGED_CHANNEL, loadAppSettings, type AppSettings } from './app-settings';

/**
 * The tenant settings as last read, for paths too hot to read them per request (the events webhook).
 * Read again after a change: at once on this instance (`changed()`), on a NOTIFY from any other,
 * and whenever the change feed reconnects (a notification may have been lost meanwhile).
 */
export class AppSettingsCache {
  private cached: Promise<AppSettings> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db, private readonly defaults: AppSettings) {}

  current(): Promise<AppSettings> {
    this.cached ??= loadAppSettings(this.db, this.defaults).catch((error: unknown) => {
      this.cached = null; // a store that was down is asked again next time
      throw error;
    });
    return this.cached;
  }

  changed(): void {
    this.cached = null;
  }

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(APP_SETTINGS_CHANGED_CHANNEL, () => this.changed(), () => this.changed());
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.changed();
  }
}
