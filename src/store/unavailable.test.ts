import net from 'node:net';
import { isStoreUnavailable, StoreUnavailableError } from './unavailable';

const withCode = (code: string, message = 'from the server') => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it('recognises a refused connection as the socket reports it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await new Promise<Error>((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
    expect(isStoreUnavailable(refused)).toBe(true);
  });

  it.each([
    ['a broken connection', withCode('ECONNRESET')],
    ['the server shutting down', withCode('57P01')],
    ['the server starting up', withCode('57P03')],
    ['a connection exception', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['the client giving up on a silent server', new Error('Query read timeout')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout, with its cause', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
    ['waiting for a free connection too long', new Error('timeout exceeded when trying to connect')],
    ['too many requests waiting', new StoreUnavailableError('100 requests already wait')],
  ])('recognises %s', (_what, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a deadlock (retried by the transaction, then a bug)', withCode('40P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_what, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
