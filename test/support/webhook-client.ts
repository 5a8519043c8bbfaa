import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { TEST_EVENTS_SECRET } from './app-server';

export interface SendOptions {
  secret?: string;
  timestamp?: Date;
  contentType?: string;
  /** Replaces the signature header entirely. */
  signature?: string | null;
}

/** Posts a body to the events webhook signed as the contract says (Standard Webhooks). */
export async function postEvent(baseUrl: string, body: unknown, options: SendOptions = {}): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const id = `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
  };
  const signature =
    options.signature === undefined
      ? new Webhook(options.secret ?? TEST_EVENTS_SECRET).sign(id, timestamp, raw)
      : options.signature;
  if (signature !== null) headers['webhook-signature'] = signature;
  return fetch(`${baseUrl}/api/events`, { method: 'POST', headers, body: raw });
}

/**
 * postEvent, then waits until the app has applied every event it accepted: the webhook answers 202
 * once an event is stored and applies it afterwards, so a test reading its effect waits for that.
 */
export async function postEventApplied(app: { baseUrl: string; eventsApplied(): Promise<void> }, body: unknown, options: SendOptions = {}): Promise<Response> {
  const response = await postEvent(app.baseUrl, body, options);
  await app.eventsApplied();
  return response;
}
