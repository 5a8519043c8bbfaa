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
    expect(config.store).toMatchObject({ kind: 'postgres', url: 'postgres://localhost/cc' });
    expect(config.port).toBe(4000);
    expect(config.defaultPhoneRegion).toBe('SE');
  });

  it('bounds the PostgreSQL pool by default, and reads each bound in seconds', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/cc' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/cc',
      limits: { poolSize: 10, maxWaiting: 500, connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 60_000 },
    });
    const tuned = loadConfig({
      DATABASE_URL: 'postgres://localhost/cc',
      STORE_POOL_SIZE: '4',
      STORE_POOL_MAX_WAITING: '0',
      STORE_CONNECT_TIMEOUT_SECONDS: '0.5',
      STORE_STATEMENT_TIMEOUT_SECONDS: '0',
      STORE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: '120',
    });
    expect(tuned.store).toMatchObject({ limits: { poolSize: 4, maxWaiting: 0, connectTimeoutMs: 500, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 120_000 } });
  });

  it('refuses store bounds that are not durations or counts', () => {
    const problems = problemsOf({ STORE_POOL_SIZE: '0', STORE_CONNECT_TIMEOUT_SECONDS: '0', STORE_STATEMENT_TIMEOUT_SECONDS: '-1', STORE_POOL_MAX_WAITING: 'many' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^STORE_POOL_SIZE:/),
        expect.stringMatching(/^STORE_CONNECT_TIMEOUT_SECONDS:/),
        expect.stringMatching(/^STORE_STATEMENT_TIMEOUT_SECONDS:/),
        expect.stringMatching(/^STORE_POOL_MAX_WAITING:/),
      ]),
    );
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

  describe('outbound messages', () => {
    const SMS = { SMS_ACCOUNT_SID: 'AC5ef8732a3c49700934481addd5ce1659', SMS_AUTH_TOKEN: 'sms-token-3f9a', SMS_FROM: '+14155550100' };

    it('configures no channel by default', () => {
      expect(loadConfig({}).outbound).toEqual({});
    });

    it('sends e-mail through SMTP_URL from MAIL_FROM', () => {
      const config = loadConfig({ SMTP_URL: 'smtps://cards:p%40ss@mail.classics.example:465', MAIL_FROM: 'cards@classics.example' });
      expect(config.outbound.email).toEqual({ smtpUrl: 'smtps://cards:p%40ss@mail.classics.example:465', from: 'cards@classics.example' });
    });

    it('sends SMS through Twilio unless another base URL is given', () => {
      expect(loadConfig(SMS).outbound.sms).toEqual({
        baseUrl: 'https://api.twilio.com',
        accountSid: SMS.SMS_ACCOUNT_SID,
        authToken: SMS.SMS_AUTH_TOKEN,
        from: '+14155550100',
      });
      const messagingService = 'MG9752274e9e519418a7406176694466fa';
      expect(loadConfig({ ...SMS, SMS_FROM: messagingService, SMS_API_BASE_URL: 'https://sms.provider.example' }).outbound.sms).toMatchObject({
        baseUrl: 'https://sms.provider.example',
        from: messagingService,
      });
    });

    it('names a half-configured channel', () => {
      expect(problemsOf({ SMTP_URL: 'smtp://mail.classics.example:587' })).toEqual([expect.stringMatching(/^MAIL_FROM: required when SMTP_URL is set/)]);
      expect(problemsOf({ MAIL_FROM: 'cards@classics.example' })).toEqual([expect.stringMatching(/^SMTP_URL: required when MAIL_FROM is set/)]);
      expect(problemsOf({ SMS_ACCOUNT_SID: SMS.SMS_ACCOUNT_SID })).toEqual([expect.stringMatching(/^SMS_AUTH_TOKEN, SMS_FROM: required with/)]);
    });

    it('names bad values without repeating them: they may hold secrets', () => {
      const problems = problemsOf({
        SMTP_URL: 'http://cards:hunter2-smtp@mail.classics.example',
        MAIL_FROM: 'Cards <cards@classics.example>',
        SMS_API_BASE_URL: 'ftp://sms:hunter2-base@sms.example',
        ...SMS,
        SMS_FROM: '0700 900 123',
      });
      expect(problems).toEqual([
        'SMTP_URL: must be an smtp:// or smtps:// URL',
        'MAIL_FROM: must be an e-mail address, e.g. cards@example.com',
        'SMS_API_BASE_URL: must be an http(s):// URL',
        expect.stringMatching(/^SMS_FROM: must be an E\.164 number/),
      ]);
      expect(problems.join('\n')).not.toMatch(/hunter2|0700/);
    });

    it('refuses to send the SMS auth token over plain HTTP in production', () => {
      expect(problemsOf({ ...PRODUCTION, ...SMS, SMS_API_BASE_URL: 'http://sms.provider.example' })).toEqual([
        expect.stringMatching(/^SMS_API_BASE_URL: must be https:\/\/ in production/),
      ]);
      expect(loadConfig({ ...SMS, SMS_API_BASE_URL: 'http://127.0.0.1:4010' }).outbound.sms?.baseUrl).toBe('http://127.0.0.1:4010');
    });
  });
});
