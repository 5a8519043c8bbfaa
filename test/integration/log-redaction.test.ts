import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { migrate } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { startApp } from '../support/app-server';

/** The app's log as it would be written, one parsed entry per line. */
function capturedLog() {
  const entries: Array<Record<string, unknown>> = [];
  const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void entries.push(JSON.parse(chunk.toString()))) });
  return { log: createLogger('info', destination), entries, text: () => JSON.stringify(entries) };
}

const SECRETS = ['eyJ0eXAi.access-token-sent-by-mistake', 'id-token-in-the-url', 'oauth-code-in-the-url', 'client-secret-in-the-url', 'sas-signature-in-the-url'];
const query = `?q=ferrars&access_token=${SECRETS[0]}&id_token=${SECRETS[1]}&code=${SECRETS[2]}&client_secret=${SECRETS[3]}&sig=${SECRETS[4]}`;

/**
 * A credential sent in a query string or a header by mistake never reaches the log: not in the URL
 * pino-http logs with every request, its parsed query or headers, nor in the problem handler's log
 * of a failed request.
 */
describe('the app log', () => {
  it('logs every request without the credentials in its URL, query or headers', async () => {
    const { log, entries, text } = capturedLog();
    const db = await openPglite();
    await migrate(db);
    const app = await startApp(db, {}, log);
    try {
      await fetch(`${app.baseUrl}/api/interactions/i-1${query}`, { headers: { authorization: 'Bearer header-token-never-logged', cookie: 'session=cookie-never-logged' } });
      await fetch(`${app.baseUrl}/api/events${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await fetch(`${app.baseUrl}/tab${query}`);
    } finally {
      await app.close();
      await db.close();
    }
    const requests = entries.filter((e) => e.req !== undefined);
    expect(requests.map((e) => (e.req as { url: string }).url)).toEqual(['/api/interactions/i-1', '/api/events', '/tab'].map((path) => `${path}?q=ferrars&access_token=[redacted]&id_token=[redacted]&code=[redacted]&client_secret=[redacted]&sig=[redacted]`));
    expect((requests[0]!.req as { query: unknown }).query).toMatchObject({ q: 'ferrars', access_token: '[redacted]' });
    for (const secret of [...SECRETS, 'header-token-never-logged', 'cookie-never-logged']) expect(text()).not.toContain(secret);
  });

  it('logs a failed request without the credentials in its URL', async () => {
    const { log, entries, text } = capturedLog();
    const db = await openPglite();
    await migrate(db);
    const app = await startApp(db, {}, log);
    try {
      await db.close(); // every query now fails: the problem handler logs the request that met it
      const response = await fetch(`${app.baseUrl}/api/interactions/i-1${query}`);
      expect(response.status).toBeGreaterThanOrEqual(500);
    } finally {
      await app.close();
    }
    const failures = entries.filter((e) => e.url !== undefined);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure.url).toContain('access_token=[redacted]');
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
  });
});
