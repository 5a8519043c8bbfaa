import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { sendMessage, type OutboundSenders } from '../domain/outbound/send-message';
import { OUTBOUND_CHANNELS } from '../domain/outbound/sent-message';
import { principalOf } from '../http/principal';
import type { DefaultPhoneRegion } from '../settings/app-settings';
import { requireFeature } from '../settings/features';
import type { Db } from '../store/db';

/** Twilio's limit for one message body; longer texts are refused rather than cut. */
const SMS_MAX = 1600;

const MessageBody = z
  .object({
    id: z.uuid('id must be a UUID the client chose for this message'),
    channel: z.enum(OUTBOUND_CHANNELS, 'channel must be sms or email'),
    to: z.string().trim().min(1, 'choose whom to send it to').max(320),
    subject: z.string().trim().max(200, 'a subject holds at most 200 characters').optional(),
    text: z.string().trim().min(1, 'write a message').max(10_000, 'a message holds at most 10,000 characters'),
    interactionId: z.string().min(1).max(256).optional(),
  })
  .refine((m) => m.channel !== 'sms' || m.text.length <= SMS_MAX, { path: ['text'], message: `an SMS holds at most ${SMS_MAX} characters` })
  .refine((m) => m.channel !== 'email' || !!m.subject, { path: ['subject'], message: 'an e-mail needs a subject' });

/**
 * `POST /api/contacts/:id/messages` (OUT-1): an SMS or e-mail to the customer. 201 once the provider
 * took it; 200 with the same message when this id was sent before (a retried request sends once).
 * Failures: 400 bad input, 503 no provider configured or provider unreachable, 422 the provider
 * says the address is invalid, 502 the provider refused.
 */
export function messagesApi(db: Db, senders: OutboundSenders, defaultPhoneRegion: DefaultPhoneRegion): Router {
  const router = express.Router();
  router.post('/:id/messages', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'message contacts');
    await requireFeature(db, 'outbound.messages');
    const request = MessageBody.parse(req.body);
    const { message, repeated } = await sendMessage(db, senders, principal, req.params.id, request, await defaultPhoneRegion(db));
    res.status(repeated ? 200 : 201).json(message);
  });
  return router;
}
