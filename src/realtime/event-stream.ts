import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

const HEARTBEAT_MS = 20_000;

export interface EventStream {
  /** Sends data unless it is what the client already has (same content, same id). */
  send(event: string, data: unknown): void;
  onClose(cleanup: () => void): void;
}

/**
 * Turns a response into a server-sent events stream. Each message's id is a digest of its content,
 * so a client reconnecting with Last-Event-ID is not sent what it already shows.
 */
export function openEventStream(req: Request, res: Response): EventStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no', // proxies must not buffer the stream
  });
  res.flushHeaders();
  let lastId = req.get('last-event-id') ?? null;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const cleanups: Array<() => void> = [() => clearInterval(heartbeat)];
  req.on('close', () => cleanups.forEach((cleanup) => cleanup()));
  return {
    send(event, data) {
      const json = JSON.stringify(data);
      const id = createHash('sha256').update(event).update(json).digest('base64url').slice(0, 22);
      if (id === lastId) return;
      lastId = id;
      res.write(`id: ${id}\nevent: ${event}\ndata: ${json}\n\n`);
    },
    onClose(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

/** A refresh that failed (the store busy or down) is tried again this much later. */
const RETRY_MS = 500;

/**
 * Runs `refresh` after each signal, never two at once; signals that arrive while one runs are
 * coalesced into a single rerun, so a burst costs at most two refreshes and ends on the newest state.
 * A refresh that throws is run again RETRY_MS later, until `stream` closes: a card must not stay
 * behind because the store was busy when its change was announced.
 */
export function coalesced(refresh: () => Promise<void>, stream: EventStream): () => void {
  let running = false;
  let again = false;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  stream.onClose(() => {
    closed = true;
    clearTimeout(retry);
  });
  const run = async () => {
    running = true;
    clearTimeout(retry);
    try {
      do {
        again = false;
        await refresh();
      } while (again && !closed);
    } catch {
      if (!closed) retry = setTimeout(signal, RETRY_MS);
    } finally {
      running = false;
    }
  };
  const signal = () => {
    if (running) again = true;
    else void run();
  };
  return signal;
}
