import { ConfigError, loadConfig } from './config';

const PRODUCTION = {
  NODE_ENV: 'production',
  EVENTS_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  BOT_ID: '00000000-0000-4000-8000-000000000001',
  BOT_PASSWORD: 'bot-password',
  DATABASE_URL: 'postgres://cc@db.internal/cc',
  AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-000000000002',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in development on the embedded store with demo data by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'development', port: 3978, defaultPhoneRegion: 'US', loadDemoData: true });
    expect(config.store.kind).toBe('pglite');
    expect(config.events.secret).toBeUndefined();
  });

  it('switches to PostgreSQL with DATABASE_URL, and reads PORT and the phone region', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/cc', PORT: '4000', DEFAULT_PHONE_REGION: 'se' });
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://localhost/cc' });
    expect(config.port).toBe(4000);
    expect(config.defaultPhoneRegion).toBe('SE');
  });

  it('names every bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DEFAULT_PHONE_REGION: 'XX', EVENTS_SECRET: 'secret', DATABASE_URL: 'mysql://x' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT:/),
        expect.stringMatching(/^DEFAULT_PHONE_REGION: .*ISO 3166/),
        expect.stringMatching(/^EVENTS_SECRET: must look like whsec_/),
        expect.stringMatching(/^DATABASE_URL: must be a postgres/),
      ]),
    );
  });

  it('treats empty variables as unset (Teams Toolkit env files leave them blank)', () => {
    expect(loadConfig({ PORT: '', BOT_ID: '' })).toMatchObject({ port: 3978, bot: { appId: undefined } });
  });

  it('starts in production with everything it needs, without demo data', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ mode: 'production', loadDemoData: false, events: { secret: PRODUCTION.EVENTS_SECRET } });
  });

  it.each(['EVENTS_SECRET', 'BOT_ID', 'DATABASE_URL', 'AAD_APP_CLIENT_ID', 'SECRETS_KEY'])('refuses production without %s', (name) => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env[name];
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: required in production`))]);
  });

  it('accepts Teams SSO tokens for the tab app, by client id and Application ID URI', () => {
    const config = loadConfig({ ...PRODUCTION, TAB_DOMAIN: 'cards.classics.example', AAD_APP_TENANT_ID: 'tenant-1' });
    expect(config.sso).toEqual({
      clientId: PRODUCTION.AAD_APP_CLIENT_ID,
      audiences: [PRODUCTION.AAD_APP_CLIENT_ID, `api://cards.classics.example/${PRODUCTION.AAD_APP_CLIENT_ID}`],
      tenantId: 'tenant-1',
      authorityHost: 'https://login.microsoftonline.com',
      jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    });
  });

  it('refuses demo data in production', () => {
    expect(problemsOf({ ...PRODUCTION, DEMO_DATA: 'true' })).toEqual([expect.stringMatching(/^DEMO_DATA/)]);
  });
});
