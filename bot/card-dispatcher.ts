import type { Attachment, CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { WakeLoop } from '../src/jobs/wake-loop';
import { parseRetryAfter, retryDelayMs, type RetryVerdict } from '../src/shared/retry';
import type { Db } from '../src/store/db';
import type { TeamsRateLimiter } from './rate-limits';
import { COUNTED_BY_SENDER } from './turn-send-counter';

interface Due {
  conversation_id: string;
  interaction_id: string;
  /** The last change, as the store's text: microseconds, which a JavaScript Date would cut to milliseconds. */
  changed_at: string;
  attempts: number;
  reference: ConversationReference & { locale?: string };
  activity_id: string | null;
}

export interface CardDispatcherOptions {
  db: Db;
  adapter: CloudAdapter;
  /** The bot's app id ('' in development without one). */
  appId: string;
  /** The card showing an interaction now, for a chat, in its locale; null when it no longer exists. */
  render(interactionId: string, conversationId: string, locale: string | undefined): Promise<Attachment | null>;
  log: Logger;
  /** Teams' limits, counted in the store with the bot's turn replies and the other instances' requests. */
  limiter: TeamsRateLimiter;
  pollMs?: number;
  /** Conversations served at once. */
  concurrency?: number;
}

/** Teams' transient failures, the ones it wants retried later (throttled, conflict, gateway trouble); the rest are final. */
const TEAMS_TRANSIENT = [412, 429, 502, 504];
const MAX_ATTEMPTS = 8;
/** A wait for a rate-limit slot up to this long is spent in memory; a longer one goes back to the store. */
const MAX_INLINE_WAIT_MS = 2_000;

/**
 * Keeps posted cards current (BOT-2) from the `bot_updates` rows: one row per stale card, however
 * many changes made it stale; the newest state is rendered at send time and updated in place.
 * One sender per conversation at a time across app instances (the sender holds the conversation's
 * row); up to `concurrency` conversations are served at once, each as soon as one finishes. Teams'
 * rate limits are counted in the store, across instances, the moment a request leaves (after
 * rendering), and 429 / 412 / 502 / 504 are retried with backoff and jitter, honouring Retry-After.
 */
export class CardDispatcher {
  private readonly loop: WakeLoop;
  private readonly serving = new Set<Promise<void>>();

  constructor(private readonly options: CardDispatcherOptions) {
    this.loop = new WakeLoop({ db: options.db, channel: 'bot_updates', pollMs: options.pollMs ?? 1_000, round: () => this.round(), log: options.log, name: 'card update' });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.serving);
  }

  wake(): void {
    this.loop.wake();
  }

  /** Claims conversations with due cards, as many as there are free senders, and starts serving them. */
  async round(): Promise<number> {
    const free = (this.options.concurrency ?? 20) - this.serving.size;
    if (free <= 0) return 0;
    const conversations = await this.options.db.query<{ conversation_id: string; reference: Due['reference'] }>(
      `UPDATE bot_conversations c SET sender_until = now() + interval '60 seconds'
       WHERE c.conversation_id IN (
         SELECT conversation_id FROM bot_updates WHERE next_attempt_at <= now() GROUP BY conversation_id ORDER BY min(next_attempt_at) LIMIT $1)
         AND (c.sender_until IS NULL OR c.sender_until < now())
       RETURNING c.conversation_id, c.reference`,
      [free],
    );
    for (const c of conversations) {
      const serving: Promise<void> = this.serve(c.conversation_id, c.reference)
        .catch((error: unknown) => this.options.log.error({ err: error, conversation: c.conversation_id }, 'card updates failed'))
        .finally(() => {
          this.serving.delete(serving);
          this.wake(); // a sender is free: claim the next conversation
        });
      this.serving.add(serving);
    }
    return conversations.length;
  }

  /** Sends this conversation's due cards one after another, then lets other senders have it. */
  private async serve(conversationId: string, reference: Due['reference']): Promise<void> {
    const { db } = this.options;
    try {
      const due = await db.query<Omit<Due, 'reference'>>(
        `SELECT u.conversation_id, u.interaction_id, u.changed_at::text AS changed_at, u.attempts, k.activity_id FROM bot_updates u
         LEFT JOIN bot_cards k USING (conversation_id, interaction_id)
         WHERE u.conversation_id = $1 AND u.next_attempt_at <= now() ORDER BY u.next_attempt_at`,
        [conversationId],
      );
      for (const d of due) if (!(await this.send({ ...d, reference }))) break;
    } finally {
      await db.query('UPDATE bot_conversations SET sender_until = NULL WHERE conversation_id = $1', [conversationId]);
    }
  }

  /** Sends one card; false when the conversation must wait (rate limit, throttling). */
  private async send(d: Due): Promise<boolean> {
    try {
      const card = await this.options.render(d.interaction_id, d.conversation_id, d.reference.locale);
      if (card) {
        const slot = await this.slot(d.conversation_id);
        if (typeof slot === 'number') {
          await this.postpone(d.conversation_id, slot);
          return false;
        }
        try {
          await this.post(d, card);
        } finally {
          await slot.finished();
        }
      }
      await this.done(d);
      return true;
    } catch (error) {
      const verdict = teamsVerdict(error);
      if (verdict.retryable && d.attempts + 1 < MAX_ATTEMPTS) {
        await this.options.db.query(
          'UPDATE bot_updates SET attempts = attempts + 1, last_error = $3 WHERE conversation_id = $1 AND interaction_id = $2',
          [d.conversation_id, d.interaction_id, `HTTP ${statusOf(error)}`],
        );
        await this.postpone(d.conversation_id, retryDelayMs(d.attempts + 1, verdict.retryAfterMs));
        return false;
      }
      this.options.log.error({ err: error, conversation: d.conversation_id, interaction: d.interaction_id }, 'card update dropped');
      await this.options.db.query('DELETE FROM bot_updates WHERE conversation_id = $1 AND interaction_id = $2', [d.conversation_id, d.interaction_id]);
      return true;
    }
  }

  /**
   * Takes a slot in the conversation's and the tenant's windows, counted in the store across
   * instances, waiting in memory when one is near (the request may leave at once; report when it
   * finished); otherwise, how long the conversation must wait.
   */
  private async slot(conversationId: string): Promise<{ finished(): Promise<void> } | number> {
    const slot = await this.options.limiter.take(conversationId, MAX_INLINE_WAIT_MS);
    return slot.taken ? slot : slot.waitMs;
  }

  /** Posts the card the first time, then updates that same activity in place. */
  private async post(d: Due, card: Attachment): Promise<void> {
    await this.options.adapter.continueConversationAsync(this.options.appId, d.reference, async (context) => {
      context.turnState.set(COUNTED_BY_SENDER, true);
      if (d.activity_id) {
        await context.updateActivity({ type: 'message', id: d.activity_id, attachments: [card] });
        return;
      }
      const sent = await context.sendActivity({ attachments: [card] });
      if (sent?.id) {
        await this.options.db.query(
          `INSERT INTO bot_cards (conversation_id, interaction_id, activity_id) VALUES ($1, $2, $3)
           ON CONFLICT (conversation_id, interaction_id) DO UPDATE SET activity_id = EXCLUDED.activity_id`,
          [d.conversation_id, d.interaction_id, sent.id],
        );
      }
    });
  }

  /** Sent: the row goes, unless a change arrived meanwhile; then the newer state goes next. */
  private async done(d: Due): Promise<void> {
    const removed = await this.options.db.query(
      'DELETE FROM bot_updates WHERE conversation_id = $1 AND interaction_id = $2 AND changed_at <= $3::timestamptz RETURNING interaction_id',
      [d.conversation_id, d.interaction_id, d.changed_at],
    );
    if (removed.length === 0) {
      await this.options.db.query('UPDATE bot_updates SET attempts = 0 WHERE conversation_id = $1 AND interaction_id = $2', [d.conversation_id, d.interaction_id]);
      this.loop.wake(); // a newer state arrived while sending: it goes next
    }
  }

  /** The whole conversation waits: its limit (or Teams' Retry-After) holds for every card in it. */
  private async postpone(conversationId: string, delayMs: number): Promise<void> {
    await this.options.db.query(
      `UPDATE bot_updates SET next_attempt_at = greatest(next_attempt_at, now() + $2 * interval '1 millisecond') WHERE conversation_id = $1`,
      [conversationId, delayMs],
    );
    setTimeout(() => this.wake(), delayMs + 5).unref();
  }
}

function statusOf(error: unknown): number | null {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status ?? null;
}

/** A failed Bot Connector call in retry terms, with Teams' Retry-After (seconds or an HTTP date). */
function teamsVerdict(error: unknown): RetryVerdict {
  const status = statusOf(error);
  const e = error as { response?: { headers?: { get?(name: string): string | undefined } } };
  return { retryable: status !== null && TEAMS_TRANSIENT.includes(status), retryAfterMs: parseRetryAfter(e?.response?.headers?.get?.('retry-after')) };
}
