import { randomUUID } from 'node:crypto';
import { migrate } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { killHard, startAppProcess } from '../../test/support/app-process';
import { openEventStream } from '../../test/support/card-stream';
import { createFreshDatabase } from '../../test/support/stores';
import { postEvent } from '../../test/support/webhook-client';
import { waitUntil } from '../../test/support/wait';
import { percentile } from './stores';

const CARDS = 200;
const PER_SECOND = 200;
const SECONDS = 20;

/**
 * Live cards under load: 200 tabs follow 200 chats (`GET /api/interactions/:id/live`, server-sent
 * events) while their messages arrive through the signed webhook at 200/s in all. Measured: from
 * posting a message to the frame carrying it reaching the tab following that chat.
 */
export async function benchLiveCards(): Promise<string[]> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return ['live cards: skipped (needs TEST_DATABASE_URL)'];
  const fresh = await createFreshDatabase(url);
  const db = await openPostgres(fresh.url);
  let child: Awaited<ReturnType<typeof startAppProcess>>['child'] | null = null;
  try {
    await migrate(db);
    const app = await startAppProcess({ DATABASE_URL: fresh.url, EVENTS_RATE_LIMIT_PER_SECOND: '1000000' });
    child = app.child;
    const chats = Array.from({ length: CARDS }, (_, i) => `live-${i}`);
    for (const [i, id] of chats.entries()) {
      await postEvent(app.baseUrl, {
        id: `evt_${randomUUID()}`, type: 'interaction.started', occurredAt: new Date().toISOString(),
        interaction: { id, channel: 'chat', division: 'support-emea', contact: { email: `live${i}@bench.example` } },
      });
    }
    await waitUntil(async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM interactions')).at(0)!.n === CARDS, 60_000);

    const postedAt = new Map<string, number>();
    const latencies: number[] = [];
    let frames = 0;
    // Tabs open over a second or so, not in one instant (200 at once would queue past the pool's bound).
    const streams: Array<Awaited<ReturnType<typeof openEventStream>>> = [];
    for (let i = 0; i < chats.length; i += 20) streams.push(...(await Promise.all(chats.slice(i, i + 20).map((id) => {
      const seen = new Set<string>();
      return openEventStream(`${app.baseUrl}/api/interactions/${id}/live`, {}, (event) => {
        if (event.event !== 'card') return;
        frames++;
        const now = performance.now();
        for (const { text } of (event.data as { messages: Array<{ text: string }> }).messages) {
          if (seen.has(text)) continue;
          seen.add(text);
          const posted = postedAt.get(text);
          if (posted !== undefined) latencies.push(now - posted);
        }
      });
    }))));

    const started = performance.now();
    const total = PER_SECOND * SECONDS;
    const posting: Array<Promise<number>> = [];
    for (let n = 0; n < total; n++) {
      const wait = started + (n / PER_SECOND) * 1000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const text = `message ${n}`;
      postedAt.set(text, performance.now());
      posting.push(postEvent(app.baseUrl, {
        id: `evt_${randomUUID()}`, type: 'interaction.message', occurredAt: new Date().toISOString(),
        interaction: { id: chats[n % CARDS] }, message: { id: `m${n}`, direction: 'inbound', text },
      }).then((r) => r.status));
    }
    const statuses = await Promise.all(posting);
    const refused = statuses.filter((status) => status !== 202).length;
    if (refused > 0) throw new Error(`${refused} messages were not accepted`);
    await waitUntil(() => latencies.length === total, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${latencies.length} of ${total} seen; frames ${frames}; app said:\n${app.output().slice(-3000)}`);
    });
    await Promise.all(streams.map((s) => s.close()));
    latencies.sort((a, b) => a - b);
    return [
      `live cards (postgres): ${CARDS} tabs following ${CARDS} chats, ${PER_SECOND} messages/s for ${SECONDS} s through the webhook`,
      `  webhook post → the tab's frame with the message: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (goal p99 < 50 ms); ${latencies.length} of ${total} seen`,
    ];
  } finally {
    if (child) await killHard(child);
    await db.close();
    await fresh.drop();
  }
}
