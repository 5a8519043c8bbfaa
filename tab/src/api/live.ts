import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { ApiError, type ApiClient } from './client';
import type { CustomerCardData, InteractionCardData, Problem } from './types';

const MAX_RETRY_MS = 15_000;

interface StreamHandlers {
  onEvent(event: string, data: unknown): void;
  /** Connection state, for the "reconnecting" hint. */
  onConnection(connected: boolean): void;
  /** A failure retrying will not fix (not found, forbidden). */
  onFatal(error: ApiError): void;
}

/**
 * Follows one of the API's server-sent event streams. fetch-event-source (rather than EventSource)
 * because the stream needs the SSO bearer header. It reconnects by itself with growing delays and a
 * fresh token; the server sends the current state on every connection, so nothing missed while
 * disconnected is lost. Returns the function that stops following.
 */
function followStream(api: ApiClient, path: string, handlers: StreamHandlers): () => void {
  const stop = new AbortController();
  let attempt = 0;
  const connect = async (): Promise<void> => {
    let headers: Record<string, string>;
    try {
      headers = await api.headers();
    } catch (error) {
      return handlers.onFatal(error as ApiError); // no token from Teams: retrying will not help
    }
    await fetchEventSource(api.url(path), {
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
        if (message.event) handlers.onEvent(message.event, JSON.parse(message.data));
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

export interface LiveHandlers<Card> extends Omit<StreamHandlers, 'onEvent'> {
  onCard(card: Card): void;
}

/** An interaction's card, live: it changes with the interaction, its contact and its CRM record. */
export function followInteraction(api: ApiClient, interactionId: string, handlers: LiveHandlers<InteractionCardData>): () => void {
  return followStream(api, `/interactions/${encodeURIComponent(interactionId)}/live`, {
    ...handlers,
    onEvent: (event, data) => event === 'card' && handlers.onCard(data as InteractionCardData),
  });
}

/**
 * A contact's card, live, however it was opened: after a merge into another card it is that card
 * (`resolvedFrom` names the one asked for); `onDeleted` once the card is gone.
 */
export function followContact(api: ApiClient, contactId: string, handlers: LiveHandlers<CustomerCardData> & { onDeleted(): void }): () => void {
  return followStream(api, `/contacts/${encodeURIComponent(contactId)}/live`, {
    ...handlers,
    onEvent: (event, data) => (event === 'card' ? handlers.onCard(data as CustomerCardData) : event === 'deleted' && handlers.onDeleted()),
  });
}
