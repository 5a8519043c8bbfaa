import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startSmtpServer } from '../../test/support/smtp-server';
import { EmailSender } from './email-sender';
import { SendFailure, type OutgoingMessage } from '../domain/outbound/message-sender';

type SmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

const FROM = 'cards@classics.example';
const CREDENTIALS = { user: 'cards', pass: 'smtp-test-password-71c3' };

const aMessage = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  to: 'marianne@barton.example',
  subject: 'Your order 1811',
  text: 'Dear Marianne,\n\nyour order has shipped.\n\nKind regards',
  senderName: 'Elinor Dashwood',
  ...overrides,
});

async function failureOf(promise: Promise<unknown>): Promise<SendFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SendFailure) return error;
    throw error;
  }
  throw new Error('expected a SendFailure');
}

/** A TCP server that accepts connections and never says a word (no SMTP greeting). */
async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('EmailSender', () => {
  let smtp: SmtpServer;

  beforeEach(async () => {
    smtp = await startSmtpServer({ auth: CREDENTIALS });
  });
  afterEach(() => smtp.close());

  const sender = (overrides: { smtpUrl?: string; timeoutMs?: number } = {}) => new EmailSender({ smtpUrl: smtp.url, from: FROM, ...overrides });

  it('delivers a plain-text mail from the configured address under the agent\'s name', async () => {
    const receipt = await sender().send(aMessage());

    const mail = await smtp.waitForMail();
    expect(mail).toEqual({
      envelope: { from: FROM, to: ['marianne@barton.example'] },
      from: { name: 'Elinor Dashwood', address: FROM },
      to: ['marianne@barton.example'],
      subject: 'Your order 1811',
      text: 'Dear Marianne,\n\nyour order has shipped.\n\nKind regards\n',
      messageId: receipt.providerId,
    });
    expect(receipt.providerId).toMatch(/^<.+@classics\.example>$/);
  });

  it('keeps a display name with quotes, commas and accents intact', async () => {
    await sender().send(aMessage({ senderName: 'Dashwood, Élinor "Nell"' }));

    expect((await smtp.waitForMail()).from).toEqual({ name: 'Dashwood, Élinor "Nell"', address: FROM });
  });

  it('gives a mail without a subject one naming the sender', async () => {
    await sender().send(aMessage({ subject: undefined }));

    expect((await smtp.waitForMail()).subject).toBe('Message from Elinor Dashwood');
  });

  it('reports a recipient the server rejects as an invalid address', async () => {
    smtp.rejectRecipient('marianne@barton.example');

    const failure = await failureOf(sender().send(aMessage()));

    expect(failure.reason).toBe('invalid-address');
    expect(failure.message).toBe('The mail server does not accept the recipient: 550 5.1.1 mailbox unavailable');
    expect(smtp.received).toEqual([]);
  });

  it.each(['not an address', 'marianne@barton.example, willoughby@combe.example', 'marianne@barton.example\r\nBcc: x@y.example'])(
    'refuses %j as an invalid address without contacting the server',
    async (to) => {
      const connectionsBefore = smtp.connectionCount();
      const failure = await failureOf(sender().send(aMessage({ to })));

      expect(failure.reason).toBe('invalid-address');
      expect(smtp.received).toEqual([]);
      expect(smtp.connectionCount()).toBe(connectionsBefore);
    },
  );

  it('reports a recipient refused by policy (5.7.x) as refused, not as a bad address', async () => {
    smtp.rejectRecipient('marianne@barton.example', { code: 550, message: '5.7.1 Relaying denied' });

    const failure = await failureOf(sender().send(aMessage()));

    expect(failure.reason).toBe('refused');
    expect(failure.message).toContain('550 5.7.1 Relaying denied');
  });

  it('reports a temporary rejection (4yz) as unavailable', async () => {
    smtp.rejectRecipient('marianne@barton.example', { code: 450, message: '4.2.1 Mailbox busy' });

    const failure = await failureOf(sender().send(aMessage()));

    expect(failure.reason).toBe('unavailable');
    expect(failure.message).toBe('The mail server cannot take the message now: 450 4.2.1 Mailbox busy; try again later.');
  });

  it('reports refused credentials without revealing the password', async () => {
    const failure = await failureOf(sender({ smtpUrl: smtp.url.replace(CREDENTIALS.pass, 'wrong-password-5521') }).send(aMessage()));

    expect(failure.reason).toBe('refused');
    expect(failure.message).toMatch(/sign-in.*535/);
    expect(failure.message).not.toContain('wrong-password-5521');
    expect(failure.message).not.toContain(CREDENTIALS.pass);
  });

  it('reports a server that is down as unavailable', async () => {
    await smtp.close();

    const failure = await failureOf(sender().send(aMessage()));

    expect(failure.reason).toBe('unavailable');
    expect(failure.message).toBe('The mail server could not be reached (ECONNREFUSED); try again later.');
    smtp = await startSmtpServer(); // for afterEach
  });

  it('gives up on a server that never greets', async () => {
    const silent = await startSilentServer();
    try {
      const failure = await failureOf(sender({ smtpUrl: `smtp://127.0.0.1:${silent.port}`, timeoutMs: 200 }).send(aMessage()));

      expect(failure.reason).toBe('unavailable');
      expect(failure.message).toBe('The mail server did not answer in time; try again later.');
    } finally {
      await silent.close();
    }
  });

  it('refuses a TLS server whose certificate it cannot trust', async () => {
    const tls = await startSmtpServer({ secure: true });
    try {
      const failure = await failureOf(sender({ smtpUrl: tls.url }).send(aMessage()));

      expect(failure.reason).toBe('refused');
      expect(failure.message).toMatch(/^The mail server's TLS connection could not be trusted \([A-Z_]+\)\.$/);
      expect(tls.received).toEqual([]);
    } finally {
      await tls.close();
    }
  });
});
