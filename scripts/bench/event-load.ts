import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { benchPhone } from './stores';

/**
 * A contact-center platform sending signed events (shared/contracts/events.md) as fast as the
 * webhook answers: `concurrency` senders, each working through conversations (started, messages,
 * ended) in order, as a platform sends one interaction's events. Signing uses node:crypto, as a
 * real sender would, so the sender costs the machine as little as it can.
 */
export interface LoadOptions {
  /** Base URLs of the instances; senders are spread over them. */
  baseUrls: string[];
  secret: string;
  concurrency: number;
  seconds: number;
  /** Contacts already stored (benchPhone(1..known)); conversations name one of them by phone. */
  knownContacts: number;
  messagesPerConversation?: number;
  /** Events per second in all, paced; unset: as fast as the webhook answers. */
  perSecond?: number;
}

export interface LoadResult {
  accepted: number;
  seconds: number;
  /** Wall-clock epoch ms at which each accepted event was answered 202, by event id. */
  acceptedAt: Map<string, number>;
  latenciesMs: number[];
  refused: Map<number, number>;
}

export async function sendEvents(options: LoadOptions): Promise<LoadResult> {
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const agents = options.baseUrls.map(() => new http.Agent({ keepAlive: true, maxSockets: options.concurrency }));
  const acceptedAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const refused = new Map<number, number>();
  const started = performance.now();
  const until = started + options.seconds * 1000;
  let conversation = 0;
  let sent = 0;
  const paced = async () => {
    if (!options.perSecond) return;
    const due = started + (sent++ / options.perSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };

  const sender = async (index: number) => {
    const base = new URL(options.baseUrls[index % options.baseUrls.length]!);
    const agent = agents[index % agents.length]!;
    while (performance.now() < until) {
      const k = conversation++;
      for (const event of conversationEvents(k, options)) {
        await paced();
        if (performance.now() >= until) return;
        const body = JSON.stringify(event);
        const sentAt = performance.now();
        const status = await postRetryingReset(base, agent, key, body);
        if (status === 202) {
          latenciesMs.push(performance.now() - sentAt);
          acceptedAt.set(event.id, performance.timeOrigin + performance.now());
        } else {
          refused.set(status, (refused.get(status) ?? 0) + 1);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => sender(i)));
  const seconds = (performance.now() - started) / 1000;
  agents.forEach((a) => a.destroy());
  return { accepted: acceptedAt.size, seconds, acceptedAt, latenciesMs: latenciesMs.sort((a, b) => a - b), refused };
}

interface BenchEvent {
  id: string;
  [key: string]: unknown;
}

function conversationEvents(k: number, options: LoadOptions): BenchEvent[] {
  const interactionId = `load-${k}-${randomUUID().slice(0, 8)}`;
  const phone = benchPhone(1 + ((k * 7919) % Math.max(1, options.knownContacts)));
  const interaction = { id: interactionId, channel: 'chat', division: 'support-emea', direction: 'inbound', contact: { phone } };
  const at = () => new Date().toISOString();
  const events: BenchEvent[] = [{ id: `evt_${randomUUID()}`, type: 'interaction.started', occurredAt: at(), interaction }];
  for (let m = 0; m < (options.messagesPerConversation ?? 8); m++) {
    events.push({
      id: `evt_${randomUUID()}`,
      type: 'interaction.message',
      occurredAt: at(),
      interaction: { id: interactionId },
      message: { id: `msg_${randomUUID()}`, direction: m % 2 ? 'outbound' : 'inbound', text: `Message ${m} about order ${k}` },
    });
  }
  events.push({ id: `evt_${randomUUID()}`, type: 'interaction.ended', occurredAt: at(), interaction: { id: interactionId } });
  return events;
}

/** A keep-alive connection the server closed as the request went out is reset: a sender sends again. */
async function postRetryingReset(base: URL, agent: http.Agent, key: Buffer, body: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post(base, agent, key, body);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ECONNRESET' || attempt === 3) throw error;
    }
  }
}

function post(base: URL, agent: http.Agent, key: Buffer, body: string): Promise<number> {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/events',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1,${signature}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
