import { simpleParser, type AddressObject } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server (RFC 5321, the `smtp-server` package) on 127.0.0.1 for sender tests: optional
 * AUTH PLAIN/LOGIN (535 on bad credentials), recipients it can be told to reject with a chosen
 * reply, implicit TLS (smtps://) on request, and every accepted mail recorded as parsed by mailparser.
 */

export interface SmtpServerOptions {
  /** Require AUTH with these credentials; without them the server takes mail from anyone. */
  auth?: { user: string; pass: string };
  /** Implicit TLS (smtps://) with smtp-server's built-in self-signed certificate for localhost. */
  secure?: boolean;
  /** 0 (default): any free port. */
  port?: number;
}

export interface ReceivedMail {
  /** The SMTP envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The From header: display name and address. */
  from: { name: string; address: string } | undefined;
  /** The addresses in the To header. */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  messageId: string | undefined;
}

/** An SMTP reply to RCPT TO, e.g. 550 "5.1.1 mailbox unavailable". */
export interface SmtpReply {
  code: number;
  message: string;
}

const MAILBOX_UNAVAILABLE: SmtpReply = { code: 550, message: '5.1.1 mailbox unavailable' };

export async function startSmtpServer(options: SmtpServerOptions = {}) {
  const received: ReceivedMail[] = [];
  const rejections = new Map<string, SmtpReply>();
  const arrivals = new Set<() => void>();
  let connections = 0;

  const server = new SMTPServer({
    secure: options.secure ?? false,
    // No STARTTLS: nodemailer would upgrade to it and then refuse the self-signed certificate.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true, // plain-text AUTH is fine on loopback
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      const valid = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      callback(valid ? null : new Error('5.7.8 Authentication credentials invalid'), valid ? { user: auth.username } : undefined);
    },
    onRcptTo(address, _session, callback) {
      const reply = rejections.get(address.address.toLowerCase());
      callback(reply ? Object.assign(new Error(reply.message), { responseCode: reply.code }) : null);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const from = mail.from?.value[0];
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          from: from ? { name: from.name, address: from.address ?? '' } : undefined,
          to: addressesOf(mail.to),
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
        arrivals.forEach((notify) => notify());
        callback();
      }, callback);
    },
  });

  // Clients hanging up (as one refusing the certificate does) are what tests provoke, not server faults.
  server.on('error', () => undefined);
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise((resolve) => server.server.once('listening', resolve));
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';

  return {
    /** A nodemailer connection URL with the credentials, e.g. smtp://user:pass@127.0.0.1:2525. */
    url: `${options.secure ? 'smtps' : 'smtp'}://${credentials}127.0.0.1:${port}`,
    port,
    /** Every mail accepted, in order. */
    received,
    /** Answer RCPT TO for this address with the reply (550 5.1.1 mailbox unavailable by default). */
    /** How many SMTP sessions clients opened. */
    connectionCount: () => connections,
    /** Accepts every recipient again. */
    acceptAllRecipients(): void {
      rejections.clear();
    },
    rejectRecipient(address: string, reply: SmtpReply = MAILBOX_UNAVAILABLE): void {
      rejections.set(address.toLowerCase(), reply);
    },
    /** The first mail (matching the test, if given) already received or arriving within the time. */
    waitForMail(matches: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5000): Promise<ReceivedMail> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = received.find(matches);
          if (!mail) return;
          stop();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`no matching mail arrived within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        const stop = () => {
          clearTimeout(timer);
          arrivals.delete(check);
        };
        arrivals.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const groups = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return groups.flatMap((group) => group.value.map((a) => a.address ?? ''));
}
