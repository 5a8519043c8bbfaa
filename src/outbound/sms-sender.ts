import { z } from 'zod';
import { SendFailure, type MessageSender, type OutgoingMessage, type SendReceipt } from '../domain/outbound/message-sender';

export interface SmsSenderOptions {
  /** https://api.twilio.com, or a Twilio-compatible provider's API root. */
  baseUrl: string;
  /** The account SID: in the path, and the user name of HTTP Basic auth. */
  accountSid: string;
  /** The account's auth token: the password of HTTP Basic auth. */
  authToken: string;
  /** The sender (From): an E.164 number or a messaging service id. */
  from: string;
  /** How long to wait for the provider's answer. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Twilio's answers for a recipient that is not a valid, reachable number. */
const INVALID_ADDRESS_CODES = new Set([
  21211, // Invalid 'To' phone number
  21401, // Invalid phone number
  21612, // The 'To' number cannot be reached from the 'From' number
  21614, // 'To' is not a valid mobile number
]);

const CreatedMessage = z.object({ sid: z.string().min(1) });
const TwilioError = z.object({ code: z.number().nullish(), message: z.string().nullish() });

/**
 * Sends SMS through the Twilio Messages API (or a provider speaking it). Never retries: a POST
 * retried after a lost answer could text the customer twice, so a failure goes back to the agent.
 * fetch, not the `twilio` SDK: the SDK cannot be pointed at another base URL, and Twilio-compatible providers need one.
 */
export class SmsSender implements MessageSender {
  private readonly messagesUrl: string;

  constructor(private readonly options: SmsSenderOptions) {
    const root = options.baseUrl.replace(/\/+$/, '');
    this.messagesUrl = `${root}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    // SMS has no display name: message.senderName cannot travel; the sender is the configured From.
    const response = await this.post(new URLSearchParams({ To: message.to, From: this.options.from, Body: message.text }));
    const raw = await response.text().catch(() => '');
    if (!response.ok) throw failureFrom(response.status, raw);
    const created = CreatedMessage.safeParse(safeJson(raw));
    if (!created.success) {
      // Not 'unavailable': the message may well have gone out, and "try again" could send it twice.
      throw new SendFailure('refused', 'The SMS provider answered without a message id; the message may have been sent. Check the provider before sending again.');
    }
    return { providerId: created.data.sid };
  }

  private async post(body: URLSearchParams): Promise<Response> {
    const credentials = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      return await fetch(this.messagesUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${credentials}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw networkFailure(error, timeoutMs);
    }
  }
}

function failureFrom(status: number, raw: string): SendFailure {
  const parsed = TwilioError.safeParse(safeJson(raw));
  const code = parsed.success ? parsed.data.code : undefined;
  const said = parsed.success && parsed.data.message ? parsed.data.message : `HTTP ${status}`;
  const detail = code ? `${said} (error ${code})` : said;
  if (code && INVALID_ADDRESS_CODES.has(code)) return new SendFailure('invalid-address', `The SMS provider does not accept the number: ${detail}`);
  if (status === 429 || status >= 500) return new SendFailure('unavailable', `The SMS provider is unavailable: ${detail}; try again later.`);
  if (status === 401 || status === 403) {
    return new SendFailure('refused', `The SMS provider refused the account credentials (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN): ${detail}`);
  }
  return new SendFailure('refused', `The SMS provider refused the message: ${detail}`);
}

function networkFailure(error: unknown, timeoutMs: number): SendFailure {
  // Duck-typed: fetch's errors may come from another realm (jest's VM), where instanceof Error fails.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError') {
    // The request went out: the provider may have taken it, so sending again could text the customer twice.
    return new SendFailure('uncertain', `The SMS provider did not answer within ${timeoutMs / 1000} s; the message may have been sent. Check with the customer or the provider before sending it again.`);
  }
  const reason = typeof cause?.code === 'string' ? `could not be reached (${cause.code})` : 'could not be reached';
  return new SendFailure('unavailable', `The SMS provider ${reason}; try again later.`);
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
