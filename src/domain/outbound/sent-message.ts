/** How an agent reaches a customer from the card (OUT-1). */
export const OUTBOUND_CHANNELS = ['sms', 'email'] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

/**
 * A message an agent sent to a customer, kept in the contact's history. It is stored as `sending`
 * before the provider is called, so a crash mid-send leaves a trace rather than nothing.
 */
export interface SentMessage {
  /** Chosen by the sender's client: sending the same id twice sends once. */
  id: string;
  contactId: string;
  /** The interaction being served when it was sent, if any. */
  interactionId: string | null;
  channel: OutboundChannel;
  /** E.164 phone number or e-mail address. */
  to: string;
  subject: string | null;
  text: string;
  senderId: string;
  senderName: string;
  status: 'sending' | 'sent' | 'failed';
  /** Why the provider did not take it (failed), or why it may not have (still sending: no answer came). */
  failure: string | null;
  createdAt: Date;
  sentAt: Date | null;
}
