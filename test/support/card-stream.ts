export interface CardEvent {
  id: string;
  messages: string[];
  /** How the interaction's CRM record and links stand (e.g. record "written:…"). */
  crm: { record: string; links: string[] };
}

/** One server-sent event as received. */
export interface StreamEvent {
  event: string;
  id: string;
  data: unknown;
}

/** Reads a server-sent events stream as the tab does, collecting its events (and telling `onEvent` of each as it arrives). */
export async function openEventStream(url: string, headers: Record<string, string> = {}, onEvent?: (event: StreamEvent) => void) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters: Array<() => void> = [];
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const event = field('event');
        if (!event) continue; // a heartbeat comment
        const received = { event, id: field('id')!, data: JSON.parse(field('data')!) };
        events.push(received);
        onEvent?.(received);
        waiters.splice(0).forEach((wake) => wake());
      }
    }
  })();
  return {
    response,
    events,
    /** Resolves once an event satisfies the predicate (the test timeout bounds the wait). */
    async until(predicate: (event: StreamEvent) => boolean): Promise<StreamEvent> {
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

/** Reads a live interaction card's stream, as its `card` events. */
export async function openCardStream(url: string, headers: Record<string, string> = {}) {
  const stream = await openEventStream(url, headers);
  const asCard = (e: StreamEvent): CardEvent => {
    const card = e.data as { messages: Array<{ text: string }>; crm: CardEvent['crm'] };
    return { id: e.id, messages: card.messages.map((m) => m.text), crm: card.crm };
  };
  return {
    response: stream.response,
    get cards() {
      return stream.events.filter((e) => e.event === 'card').map(asCard);
    },
    async until(predicate: (card: CardEvent) => boolean): Promise<CardEvent> {
      return asCard(await stream.until((e) => e.event === 'card' && predicate(asCard(e))));
    },
    close: () => stream.close(),
  };
}
