import type { Logger } from 'pino';
import type { Db } from '../store/db';

export interface WakeLoopOptions {
  db: Db;
  /** NOTIFY channel that signals new work. */
  channel: string;
  /** Polling interval, for work that became due by time rather than by notification. */
  pollMs: number;
  /** Does one batch of work; returns how many items it handled (0: nothing is due). */
  round(): Promise<number>;
  log: Logger;
  name: string;
}

/**
 * Runs rounds of store-backed work whenever it is notified or polled, one run at a time: a wake-up
 * during a run schedules another, and a run goes on while rounds find work.
 */
export class WakeLoop {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: WakeLoopOptions) {}

  async start(): Promise<void> {
    this.started = true;
    // Work notified while the change feed was down waits for no poll: a round runs once it is back.
    this.unlisten = await this.options.db.listen(this.options.channel, () => this.wake(), () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.running;
  }

  /** Runs rounds soon; before start() nothing runs on its own (a caller driving rounds itself stays alone). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (!this.stopped && (await this.options.round()) > 0);
      } while (this.again && !this.stopped);
    })()
      .catch((error: unknown) => this.options.log.error({ err: error }, `${this.options.name} round failed`))
      .finally(() => (this.running = null));
  }
}
