/**
 * The port for "send a message to the customer": one interface over SMS and e-mail providers, so
 * the domain decides what to say and a sender only knows how to deliver it.
 */

export interface OutgoingMessage {
  /** The customer's address: an e-mail address, or a phone number (E.164) for SMS. */
  to: string;
  /** E-mail only; SMS has no subject. */
  subject?: string;
  /** Plain text body. */
  text: string;
  /** shown as the sender's display name */
  senderName: string;
}

export interface SendReceipt {
  /** the provider's id for the message: Twilio's sid, SMTP's Message-ID */
  providerId: string;
}

/**
 * - invalid-address: the provider says the recipient is not valid; fix the address.
 * - refused: the provider refused for another reason (credentials, policy); an administrator must act.
 * - unavailable: the provider could not be reached or is overloaded; trying again later may work.
 * - uncertain: the request went out but no answer came; the message may have been sent.
 */
export type SendFailureReason = 'invalid-address' | 'refused' | 'unavailable' | 'uncertain';

/** An expected failure to send. The message is safe to show to an agent: it never contains secrets. */
export class SendFailure extends Error {
  override readonly name = 'SendFailure';

  constructor(readonly reason: SendFailureReason, message: string) {
    super(message);
  }
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendReceipt>;
}
