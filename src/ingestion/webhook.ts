import express, { type Request, type RequestHandler, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { DomainError } from '../domain/errors';
import { normalizeIdentifiers } from '../domain/identity/identifiers';
import { findUnstorableText } from '../domain/text';
import { HttpProblem, schemaProblem, sendProblem } from '../http/problem-details';
import { ContactCenterEventSchema, type ContactCenterEvent } from './event';
import type { EventIntake } from './event-intake';

export const MAX_EVENT_BYTES = 256 * 1024;

export interface EventsWebhookOptions {
  /** The shared Standard Webhooks secret, `whsec_<base64>`. */
  secret: string;
  /** Requests per second per client before answering 429. */
  rateLimitPerSecond: number;
  intake: EventIntake;
  /** The region phone numbers without a country code are checked in (the admin's setting, cached). */
  defaultPhoneRegion: () => Promise<string>;
}

/** `POST /api/events`: the contact-center events webhook (shared/contracts/events.md). */
export function eventsWebhook(options: EventsWebhookOptions): Router {
  const webhook = new Webhook(options.secret);
  const router = express.Router();
  router.post(
    '/',
    rateLimiter(options.rateLimitPerSecond),
    requireJsonContentType,
    express.raw({ type: () => true, limit: MAX_EVENT_BYTES }),
    async (req, res) => {
      const payload = verifySignature(webhook, req);
      // Checked with the region applying the event will read, so an admin's change applies here too.
      const event = parseEvent(payload, await options.defaultPhoneRegion());
      const status = await options.intake.accept(event, payload);
      res.status(status === 'accepted' ? 202 : 200).json({ id: event.id, status });
    },
  );
  return router;
}

function rateLimiter(perSecond: number): RequestHandler {
  return rateLimit({
    windowMs: 1000,
    limit: perSecond,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendProblem(res, { status: 429, detail: `more than ${perSecond} events per second; retry after 1 second` }, { 'Retry-After': '1' }),
  });
}

const requireJsonContentType: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new HttpProblem({ status: 415, detail: `content type must be application/json, not ${req.get('content-type') ?? 'missing'}` });
  }
  next();
};

/** Checks the Standard Webhooks signature and timestamp (5 minutes tolerance), then parses the JSON. */
function verifySignature(webhook: Webhook, req: Request): unknown {
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const headers = {
    'webhook-id': req.get('webhook-id') ?? '',
    'webhook-timestamp': req.get('webhook-timestamp') ?? '',
    'webhook-signature': req.get('webhook-signature') ?? '',
  };
  try {
    return webhook.verify(body, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new HttpProblem({ status: 401, title: 'Invalid signature', detail: signatureDetail(error.message) });
    }
    if (error instanceof SyntaxError) {
      throw new HttpProblem({ status: 400, title: 'Malformed JSON', detail: `the body is not valid JSON: ${error.message}` });
    }
    throw error;
  }
}

function signatureDetail(reason: string): string {
  if (/missing/i.test(reason)) return 'webhook-id, webhook-timestamp and webhook-signature headers are required';
  if (/too old|too new/i.test(reason)) return 'webhook-timestamp is more than 5 minutes away from the server clock';
  if (/header/i.test(reason)) return 'webhook-timestamp or webhook-signature is malformed';
  return 'webhook-signature does not match the body signed with the configured secret';
}

/**
 * The inbox keeps the event as sent, unknown fields and property names included, so every string in
 * it must be text PostgreSQL can store (the schema states the same rule for the contract's fields).
 */
function refuseUnstorableText(payload: unknown): void {
  const found = findUnstorableText(payload);
  if (!found) return;
  const field = found.path.join('.') || '(root)';
  throw new HttpProblem({ status: 400, title: 'Invalid event', detail: `${field}: ${found.reason}`, errors: [{ field, message: found.reason }] });
}

function parseEvent(payload: unknown, defaultPhoneRegion: string): ContactCenterEvent {
  refuseUnstorableText(payload);
  const parsed = ContactCenterEventSchema.safeParse(payload);
  if (!parsed.success) throw new HttpProblem(schemaProblem(parsed.error, 'event'));
  const event = parsed.data;
  const contacts: Array<[string, Parameters<typeof normalizeIdentifiers>[0] | undefined]> =
    event.type === 'web.visit'
      ? [['contact', event.contact], ['interaction.contact', event.interaction?.contact]]
      : [['interaction.contact', event.interaction.contact]];
  for (const [path, contact] of contacts) {
    try {
      if (contact) normalizeIdentifiers(contact, defaultPhoneRegion);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = `${path}.${error.field}`;
      throw new HttpProblem({ status: 400, title: 'Invalid event', detail: `${field}: ${error.message}`, errors: [{ field, message: error.message }] });
    }
  }
  return event;
}
