export interface CardEvent {
  id: string;
  messages: string[];
  /** How the interaction's CRM record and links stand (e.g. record "written:…"). */
  crm: { record: string; links: string[] };
}

/** Reads a live card's server-sent events stream as the tab does, collecting the `card` events. */
export async function openCardStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const cards: CardEvent[] = [];
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
        if (field('event') !== 'card') continue;
        const card = JSON.parse(field('data')!) as { messages: Array<{ text: string }>; crm: CardEvent['crm'] };
        cards.push({ id: field('id')!, messages: card.messages.map((m) => m.text), crm: card.crm });
        waiters.splice(0).forEach((wake) => wake());
      }
    }
  })();
  return {
    response,
    cards,
    /** Resolves once a card satisfies the predicate (the test timeout bounds the wait). */
    async until(predicate: (card: CardEvent) => boolean): Promise<CardEvent> {
      for (;;) {
        const found = cards.find(predicate);
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
