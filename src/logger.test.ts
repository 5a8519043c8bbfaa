import { Writable } from 'node:stream';
import { createLogger, redactUrl } from './logger';

describe('redactUrl', () => {
  it.each([
    ['/api/x?access_token=eyJhbGci.secret', '/api/x?access_token=[redacted]'],
    ['/api/x?q=ferrars&token=t0k&limit=5', '/api/x?q=ferrars&token=[redacted]&limit=5'],
    ['/cb?code=auth-code&state=abc', '/cb?code=[redacted]&state=abc'],
    ['/x?id_token=a&refresh_token=b&client_secret=c&password=d&pwd=e', '/x?id_token=[redacted]&refresh_token=[redacted]&client_secret=[redacted]&password=[redacted]&pwd=[redacted]'],
    ['/x?sig=a&signature=b&X-Amz-Signature=c&key=d&api_key=e&apiKey=f', '/x?sig=[redacted]&signature=[redacted]&X-Amz-Signature=[redacted]&key=[redacted]&api_key=[redacted]&apiKey=[redacted]'],
    ['/x?access%5Ftoken=a&access_token%5B%5D=b&Token[0]=c', '/x?access%5Ftoken=[redacted]&access_token%5B%5D=[redacted]&Token[0]=[redacted]'],
    ['/x?access_token', '/x?access_token=[redacted]'],
    ['/x?q=monkey&keyword=tea&phone=%2B1803', '/x?q=monkey&keyword=tea&phone=%2B1803'],
    ['/x?%E0%A4%A=1&token=%ZZ', '/x?%E0%A4%A=1&token=[redacted]'],
    ['/api/contacts/c-1', '/api/contacts/c-1'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('the logger', () => {
  it('redacts credentials in any url it logs', () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => done(void lines.push(chunk.toString())) }));
    log.error({ url: '/api/x?access_token=never-logged&q=1', method: 'GET' }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ url: '/api/x?access_token=[redacted]&q=1', msg: 'request failed' });
  });
});
