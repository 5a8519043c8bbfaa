import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local SMS provider speaking Twilio's Messages API (2010-04-01) over real HTTP, for sender
 * tests: POST /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic auth and a form body
 * (To, From, Body); 201 with a Twilio-shaped message resource; Twilio's error bodies
 * ({code, message, more_info, status}) for bad credentials (20003), a To that is not E.164 (21211),
 * a missing To, From or Body (21604, 21603, 21602), throttling (20429) and outages (20500).
 */

export const SMS_ACCOUNT_SID = 'AC5ef8732a3c49700934481addd5ce1659';
export const SMS_AUTH_TOKEN = 'test-auth-token-9f2c41d7e0b8';

export interface AcceptedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
}

/** How the provider answers the next requests. */
export type SmsProviderMode = 'normally' | 'too-many-requests' | 'server-error' | 'never';

const E164 = /^\+[1-9]\d{7,14}$/;
const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

class TwilioError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly detail?: string) {
    super(message);
  }
}

const notValidTo = (to: string) => new TwilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
const ERRORS = {
  authenticate: () => new TwilioError(401, 20003, 'Authenticate', 'Your AccountSid or AuthToken was incorrect.'),
  notFound: (path: string) => new TwilioError(404, 20404, `The requested resource ${path} was not found`),
  toRequired: () => new TwilioError(400, 21604, "A 'To' phone number is required."),
  fromRequired: () => new TwilioError(400, 21603, "A 'From' phone number is required."),
  bodyRequired: () => new TwilioError(400, 21602, 'Message body is required.'),
  tooManyRequests: () => new TwilioError(429, 20429, 'Too Many Requests'),
  serverError: () => new TwilioError(500, 20500, 'An internal server error has occurred'),
};

/** On `port` (0, the default: any free port). */
export async function startSmsProvider(port = 0) {
  const messages: AcceptedSms[] = [];
  let requests = 0;
  let mode: SmsProviderMode = 'normally';

  const server = createServer((request, response) => {
    requests++;
    if (mode === 'never') return; // the request hangs until the client gives up
    readBody(request)
      .then((raw) => created(response, accept(request, raw)))
      .catch((error: unknown) => sendError(response, error instanceof TwilioError ? error : ERRORS.serverError()));
  });

  function accept(request: IncomingMessage, raw: string): AcceptedSms {
    if (mode === 'too-many-requests') throw ERRORS.tooManyRequests();
    if (mode === 'server-error') throw ERRORS.serverError();
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!authenticated(request.headers.authorization)) throw ERRORS.authenticate();
    if (request.method !== 'POST' || PATH.exec(path)?.[1] !== SMS_ACCOUNT_SID) throw ERRORS.notFound(path);
    // Like Twilio, a body that is not a form has no parameters.
    const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(raw) : new URLSearchParams();
    const [to, from, body] = [form.get('To'), form.get('From'), form.get('Body')];
    if (!to) throw ERRORS.toRequired();
    if (!E164.test(to)) throw notValidTo(to);
    if (!from) throw ERRORS.fromRequired();
    if (!body) throw ERRORS.bodyRequired();
    const message = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, body };
    messages.push(message);
    return message;
  }

  server.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    accountSid: SMS_ACCOUNT_SID,
    authToken: SMS_AUTH_TOKEN,
    /** Every message accepted, in order. */
    messages,
    /** How many requests arrived, accepted or not. */
    requestCount: () => requests,
    answer(next: SmsProviderMode): void {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authenticated(header: string | undefined): boolean {
  const [scheme, encoded] = (header ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return false;
  return Buffer.from(encoded, 'base64').toString() === `${SMS_ACCOUNT_SID}:${SMS_AUTH_TOKEN}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function created(response: ServerResponse, message: AcceptedSms): void {
  const uri = `/2010-04-01/Accounts/${SMS_ACCOUNT_SID}/Messages/${message.sid}`;
  const now = rfc2822(new Date());
  sendJson(response, 201, {
    account_sid: SMS_ACCOUNT_SID,
    api_version: '2010-04-01',
    body: message.body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: 'queued',
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  });
}

function sendError(response: ServerResponse, error: TwilioError): void {
  sendJson(response, error.status, {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Twilio's date format: "Tue, 26 Jul 2016 12:50:07 +0000". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
