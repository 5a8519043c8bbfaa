/**
 * `npm run outbound-sandbox`: a local mail server and a local Twilio-compatible SMS API (the ones the
 * tests use) that print what the app sends, to try "Send a message" without real providers. Start
 * the app with the environment it prints.
 */
import { startSmsProvider } from '../test/support/sms-provider';
import { startSmtpServer } from '../test/support/smtp-server';

const SMTP_PORT = 2525;
const SMS_PORT = 2526;

async function main(): Promise<void> {
  const smtp = await startSmtpServer({ port: SMTP_PORT });
  const sms = await startSmsProvider(SMS_PORT);
  console.log(`Outbound sandbox running. Start the app with:

  SMTP_URL=${smtp.url} MAIL_FROM=cards@classics.example \\
  SMS_API_BASE_URL=${sms.baseUrl} SMS_ACCOUNT_SID=${sms.accountSid} SMS_AUTH_TOKEN=${sms.authToken} SMS_FROM=+18035550100 \\
  npm start
`);
  let mails = 0;
  let texts = 0;
  setInterval(() => {
    for (const mail of smtp.received.slice(mails)) console.log(`[e-mail] from ${mail.from?.name} <${mail.from?.address}> to ${mail.to.join(', ')}: ${mail.subject}\n${mail.text ?? ''}`);
    for (const text of sms.messages.slice(texts)) console.log(`[sms] from ${text.from} to ${text.to}: ${text.body}`);
    mails = smtp.received.length;
    texts = sms.messages.length;
  }, 200);
  process.on('SIGINT', () => void Promise.all([smtp.close(), sms.close()]).then(() => process.exit(0)));
}

void main();
