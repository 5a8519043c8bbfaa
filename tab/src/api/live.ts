import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { ApiError, type ApiClient } from './client';
import type { InteractionCardData, Problem } from './types';

const MAX_RETRY_MS = 15_000;

export interface LiveHandlers {
  onCard(card: InteractionCardData): void;
  /** Connection state, for the "reconnecting" hint. */
  onConnection(connected: boolean): void;
  /** A failure retrying will not fix (not found, forbidden). */
  onFatal(error: ApiError): void;
}

/**
 * Follows an interaction's card over server-sent events. fetch-event-source (rather than
 * EventSource) because the stream needs the SSO bearer header. It reconnects by itself with
 * growing delays and a fresh token; the server sends the current card on every connection, so
 * nothing missed while disconnected is lost. Returns the function that stops following.
 */
export function followInteraction(api: ApiClient, interactionId: string, handlers: LiveHandlers): () => void {
  const stop = new AbortController();
  let attempt = 0;
  const connect = async (): Promise<void> => {
    let headers: Record<string, string>;
    try {
      headers = await api.headers();
    } catch (error) {
      return handlers.onFatal(error as ApiError); // no token from Teams: retrying will not help
    }
    await fetchEventSource(api.url(`/interactions/${encodeURIComponent(interactionId)}/live`), {
      signal: stop.signal,
      headers,
      openWhenHidden: true,
      async onopen(response) {
        if (response.ok) {
          attempt = 0;
          handlers.onConnection(true);
          return;
        }
        const problem = ((await response.json().catch(() => null)) as Problem | null) ?? { status: response.status };
        throw new ApiError(problem);
      },
      onmessage(message: EventSourceMessage) {
        if (message.event === 'card') handlers.onCard(JSON.parse(message.data) as InteractionCardData);
      },
      onclose() {
        throw new Error('stream closed'); // the server never ends the stream on purpose: reconnect
      },
      onerror(error: unknown) {
        handlers.onConnection(false);
        // Refusals end this stream: a 401 (expired token) restarts it with a new token, others are final.
        if (error instanceof ApiError && error.problem.status < 500) throw error;
        attempt += 1;
        return Math.min(MAX_RETRY_MS, 500 * 2 ** attempt);
      },
    }).catch(async (error: unknown) => {
      if (stop.signal.aborted) return;
      if (error instanceof ApiError && error.problem.status !== 401) return handlers.onFatal(error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!stop.signal.aborted) await connect();
    });
  };
  void connect();
  return () => stop.abort();
}
