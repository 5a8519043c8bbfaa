import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Limit, TeamsLimits } from '../../bot/rate-limits';

export interface ReceivedActivity {
  /** reply: to an incoming activity; send: a new post (proactive); update: an existing activity replaced. */
  kind: 'reply' | 'send' | 'update';
  conversationId: string;
  replyToId?: string;
  /** The activity's id: the one handed out for a reply or send, the one replaced for an update. */
  activityId?: string;
  authorization?: string;
  at: number;
  activity: { type: string; text?: string; attachments?: unknown[]; [key: string]: unknown };
}

/**
 * A local Bot Connector service speaking the Bot Framework REST API (v3 conversations): it records the
 * activities the bot sends and updates, answers with resource ids as the real service does, and can
 * throttle like Teams (429 with Retry-After, refusing again whoever comes back sooner).
 */
export async function startBotConnector(options: { enforce?: TeamsLimits; latencyMs?: number } = {}) {
  const received: ReceivedActivity[] = [];
  const throttle = { retryAfters: [] as number[], asDate: false, until: 0, refused: 0 };
  let sequence = 0;
  // Requests being answered per conversation, and the most ever at once: more than one means two senders.
  const inFlight = new Map<string, number>();
  let mostInFlight = 0;
  const arrivals = new Map<string, number[]>(); // per conversation, and 'tenant': when requests arrived
  const overLimit = (key: string, limits: Limit[], now: number) => {
    const times = arrivals.get(key) ?? [];
    return limits.some(({ count, windowMs }) => times.filter((t) => t > now - windowMs).length >= count);
  };
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const tooMany = (res: express.Response, retryAfter: string) => {
    throttle.refused++;
    res.status(429).set('Retry-After', retryAfter).json({ error: { code: 'TooManyRequests', message: 'Too many requests' } });
  };
  /** Retry-After for a refusal lasting until `until`: delta-seconds, or the HTTP date (whole seconds) when asked. */
  const retryAfter = () => (throttle.asDate ? new Date(throttle.until).toUTCString() : String(Math.ceil((throttle.until - Date.now()) / 1000)));
  app.use((_req, res, next) => {
    // As Teams: a client that comes back before the Retry-After it was given is refused again.
    if (Date.now() < throttle.until) return tooMany(res, retryAfter());
    const seconds = throttle.retryAfters.shift();
    if (seconds === undefined) return next();
    const until = Date.now() + seconds * 1000;
    throttle.until = throttle.asDate ? Math.ceil(until / 1000) * 1000 : until;
    tooMany(res, retryAfter());
  });
  // Teams' limits, counted as requests arrive: over any of them is a 429, as Teams answers.
  app.use('/v3/conversations/:conversationId', (req, res, next) => {
    if (!options.enforce) return next();
    const now = Date.now();
    const conversation = String(req.params.conversationId);
    if (overLimit(conversation, options.enforce.perConversation, now) || overLimit('tenant', options.enforce.perTenant, now)) return tooMany(res, '1');
    for (const [key, limits] of [[conversation, options.enforce.perConversation], ['tenant', options.enforce.perTenant]] as const) {
      const longest = Math.max(...limits.map((l) => l.windowMs));
      arrivals.set(key, [...(arrivals.get(key) ?? []).filter((t) => t > now - longest), now]);
    }
    next();
  });
  const handedOut = new Map<string, Set<string>>();
  const record = (kind: ReceivedActivity['kind']) => async (req: express.Request, res: express.Response) => {
    const conversation = String(req.params.conversationId);
    inFlight.set(conversation, (inFlight.get(conversation) ?? 0) + 1);
    mostInFlight = Math.max(mostInFlight, inFlight.get(conversation)!);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    inFlight.set(conversation, inFlight.get(conversation)! - 1);
    const pathId = req.params.activityId ? String(req.params.activityId) : undefined;
    const known = handedOut.get(conversation) ?? new Set<string>();
    // As the Bot Connector: only an activity that is in the conversation can be replaced.
    if (kind === 'update' && !known.has(pathId!)) {
      res.status(404).json({ error: { code: 'ActivityNotFoundInConversation', message: 'The activity was not found in this conversation.' } });
      return;
    }
    const activityId = kind === 'update' ? pathId! : `activity-${++sequence}`;
    handedOut.set(conversation, known.add(activityId));
    received.push({
      kind,
      conversationId: conversation,
      ...(kind === 'reply' ? { replyToId: pathId } : {}),
      activityId,
      authorization: req.get('authorization'),
      at: Date.now(),
      activity: req.body,
    });
    res.status(200).json({ id: activityId });
  };
  app.post('/v3/conversations/:conversationId/activities/:activityId', record('reply'));
  app.post('/v3/conversations/:conversationId/activities', record('send'));
  app.put('/v3/conversations/:conversationId/activities/:activityId', record('update'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    /** An activity posted in the conversation before this connector started (a benchmark's seeded card): it can be updated. */
    alreadyPosted(conversationId: string, activityId: string) {
      handedOut.set(conversationId, (handedOut.get(conversationId) ?? new Set<string>()).add(activityId));
    },
    /** The next n calls are refused with 429 and Retry-After. */
    throttleNext(n: number, retryAfterSeconds = 1) {
      this.throttleWith(Array<number>(n).fill(retryAfterSeconds));
    },
    /** The next calls are refused with 429, each with its Retry-After this many seconds ahead (in seconds, or as an HTTP date). */
    throttleWith(retryAfterSeconds: number[], options: { asDate?: boolean } = {}) {
      throttle.retryAfters = [...retryAfterSeconds];
      throttle.asDate = options.asDate ?? false;
    },
    /** The most requests one conversation had in flight at once since the last reset. */
    mostInFlightPerConversation() {
      return mostInFlight;
    },
    resetInFlight() {
      mostInFlight = 0;
    },
    get refused() {
      return throttle.refused;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
