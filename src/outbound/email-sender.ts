import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { SendFailure, type MessageSender, type OutgoingMessage, type SendReceipt } from '../domain/outbound/message-sender';

export interface EmailSenderOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (implicit TLS). */
  smtpUrl: string;
  /** The sender's address; the display name is each message's senderName. */
  from: string;
  /** Limit for connecting, for the server's greeting, and for each silence on the connection. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** RCPT TO replies that mean "no such recipient": bad mailbox (550, 551), bad name (553), bad syntax (501). */
const NO_SUCH_RECIPIENT = new Set([501, 550, 551, 553]);
/** Errors of the connection itself, not of what was sent over it. */
/** Node's TLS verification failures (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID …). */
const UNTRUSTED_CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;
const CONNECTION_FAILURES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

/** One address, nothing more: a list or a header-like value would send to others too. */
const Recipient = z.email();

/** What nodemailer adds to its errors. */
interface SmtpError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/** Sends plain-text e-mail over SMTP; one connection per message (agents send a few, not bulk). */
export class EmailSender implements MessageSender {
  private readonly transport;

  constructor(private readonly options: EmailSenderOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    });
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (!Recipient.safeParse(message.to).success) {
      throw new SendFailure('invalid-address', `${JSON.stringify(message.to)} is not an e-mail address.`);
    }
    try {
      const sent = await this.transport.sendMail({
        from: { name: message.senderName, address: this.options.from },
        to: message.to,
        // Mail without a subject reads as spam to filters and people alike.
        subject: message.subject ?? `Message from ${message.senderName}`,
        text: message.text,
      });
      return { providerId: sent.messageId };
    } catch (error) {
      if (!isSmtpError(error)) throw error; // a bug, not a failure to send
      throw failureFrom(error);
    }
  }
}

/** Our own words plus the server's reply: nodemailer's messages may carry more than an agent should see. */
function failureFrom(error: SmtpError): SendFailure {
  const reply = error.response ? `: ${error.response}` : '';
  const code = error.responseCode ?? 0;
  if (error.command === 'RCPT TO' && NO_SUCH_RECIPIENT.has(code) && !isPolicy(error.response)) {
    return new SendFailure('invalid-address', `The mail server does not accept the recipient${reply}`);
  }
  // 4yz replies are transient by definition (RFC 5321 §4.2.1).
  if (code >= 400 && code < 500) return new SendFailure('unavailable', `The mail server cannot take the message now${reply}; try again later.`);
  if (error.code === 'ETLS' || UNTRUSTED_CERTIFICATE.test(error.originalCode ?? '')) {
    // Waiting will not fix a certificate or TLS setup: an administrator must.
    return new SendFailure('refused', `The mail server's TLS connection could not be trusted (${error.originalCode ?? error.code}).`);
  }
  if (error.code === 'ETIMEDOUT') return new SendFailure('unavailable', 'The mail server did not answer in time; try again later.');
  if (error.code && CONNECTION_FAILURES.has(error.code)) {
    return new SendFailure('unavailable', `The mail server could not be reached (${error.originalCode ?? error.code}); try again later.`);
  }
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') return new SendFailure('refused', `The mail server refused the sign-in in SMTP_URL${reply}`);
  return new SendFailure('refused', `The mail server refused the message${reply}`);
}

function isSmtpError(error: unknown): error is SmtpError {
  return typeof error === 'object' && error !== null && typeof (error as SmtpError).code === 'string';
}

/** Enhanced status 5.7.x (RFC 3463): refused by policy (relaying, sender), not a bad mailbox. */
function isPolicy(response: string | undefined): boolean {
  return /^\d{3}[ -]5\.7\./.test(response ?? '');
}
