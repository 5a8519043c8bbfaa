import { loadConfig } from '../config';

describe('Microsoft Graph settings', () => {
  const sso = { AAD_APP_CLIENT_ID: 'client-1' };

  it('are on with the client secret, on Graph v1.0 by default', () => {
    expect(loadConfig(sso).sso?.graph).toBeUndefined();
    expect(loadConfig({ ...sso, AAD_APP_CLIENT_SECRET: 'secret' }).sso?.graph).toEqual({ clientSecret: 'secret', baseUrl: 'https://graph.microsoft.com/v1.0' });
    expect(loadConfig({ ...sso, AAD_APP_CLIENT_SECRET: 'secret', GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0/' }).sso?.graph?.baseUrl).toBe('https://graph.microsoft.us/v1.0');
  });

  it('refuse a Graph base URL that is not http(s)', () => {
    expect(() => loadConfig({ ...sso, GRAPH_BASE_URL: 'ftp://graph.example/v1.0' })).toThrow(/GRAPH_BASE_URL: must be an http\(s\):\/\/ URL/);
  });
});
