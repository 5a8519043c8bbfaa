import type { Config } from '../config';
import type { OutboundSenders } from '../domain/outbound/send-message';
import { EmailSender } from './email-sender';
import { SmsSender } from './sms-sender';

/** The configured providers: e-mail needs SMTP_URL and MAIL_FROM; SMS needs SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM. */
export function outboundSenders(config: Config['outbound']): OutboundSenders {
  return {
    email: config.email ? new EmailSender({ ...config.email, timeoutMs: config.timeoutMs }) : null,
    sms: config.sms ? new SmsSender({ ...config.sms, timeoutMs: config.timeoutMs }) : null,
  };
}
