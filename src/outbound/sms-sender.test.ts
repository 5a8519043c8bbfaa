import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSmsProvider } from '../../test/support/sms-provider';
import { SendFailure, type OutgoingMessage } from '../domain/outbound/message-sender';
import { SmsSender, type SmsSenderOptions } from './sms-sender';

type SmsProvider = Awaited<ReturnType<typeof startSmsProvider>>;

const SHOP_NUMBER = '+14155550100';

const aMessage = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  to: '+447700900123',
  text: 'Your order has shipped & will arrive Tuesday = soon. Merci, Élinor ✓',
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

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SmsSender', () => {
  let provider: SmsProvider;
  let options: SmsSenderOptions;

  beforeEach(async () => {
    provider = await startSmsProvider();
    options = { baseUrl: provider.baseUrl, accountSid: provider.accountSid, authToken: provider.authToken, from: SHOP_NUMBER };
  });
  afterEach(() => provider.close());

  it('sends the text from the configured number and returns the message sid', async () => {
    const receipt = await new SmsSender(options).send(aMessage());

    expect(provider.messages).toEqual([
      { sid: receipt.providerId, to: '+447700900123', from: SHOP_NUMBER, body: aMessage().text },
    ]);
    expect(receipt.providerId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('accepts a base URL with a trailing slash', async () => {
    await new SmsSender({ ...options, baseUrl: `${provider.baseUrl}/` }).send(aMessage());

    expect(provider.messages).toHaveLength(1);
  });

  it('reports a number the provider does not accept as an invalid address', async () => {
    const failure = await failureOf(new SmsSender(options).send(aMessage({ to: '+1555' })));

    expect(failure.reason).toBe('invalid-address');
    expect(failure.message).toContain("The 'To' number +1555 is not a valid phone number. (error 21211)");
    expect(provider.messages).toEqual([]);
  });

  it('reports refused credentials without revealing the auth token', async () => {
    const failure = await failureOf(new SmsSender({ ...options, authToken: 'wrong-token-4417' }).send(aMessage()));

    expect(failure.reason).toBe('refused');
    expect(failure.message).toMatch(/credentials.*Authenticate \(error 20003\)/);
    expect(failure.message).not.toContain('wrong-token-4417');
    expect(failure.message).not.toContain(provider.authToken);
  });

  it('reports any other refusal as refused', async () => {
    const failure = await failureOf(new SmsSender({ ...options, from: '' }).send(aMessage()));

    expect(failure.reason).toBe('refused');
    expect(failure.message).toContain("A 'From' phone number is required. (error 21603)");
  });

  it.each([
    ['too-many-requests', 'Too Many Requests (error 20429)'],
    ['server-error', 'An internal server error has occurred (error 20500)'],
  ] as const)('reports %s as unavailable, once: a POST is never retried', async (mode, said) => {
    provider.answer(mode);

    const failure = await failureOf(new SmsSender(options).send(aMessage()));

    expect(failure.reason).toBe('unavailable');
    expect(failure.message).toContain(said);
    expect(failure.message).toMatch(/try again later/);
    expect(provider.requestCount()).toBe(1);
  });

  it('reports a provider that cannot be reached as unavailable', async () => {
    const failure = await failureOf(new SmsSender({ ...options, baseUrl: `http://127.0.0.1:${await closedPort()}` }).send(aMessage()));

    expect(failure.reason).toBe('unavailable');
    expect(failure.message).toBe('The SMS provider could not be reached (ECONNREFUSED); try again later.');
  });

  it('gives up on a provider that does not answer in time', async () => {
    provider.answer('never');

    const failure = await failureOf(new SmsSender({ ...options, timeoutMs: 200 }).send(aMessage()));

    expect(failure.reason).toBe('uncertain');
    expect(failure.message).toBe('The SMS provider did not answer within 0.2 s; the message may have been sent. Check with the customer or the provider before sending it again.');
  });
});
