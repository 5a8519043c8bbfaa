import path from 'node:path';
import { z } from 'zod';
import { PhoneRegion } from './settings/app-settings';
import { DEFAULT_POSTGRES_LIMITS, type PostgresLimits } from './store/postgres-limits';

/**
 * The one place that reads the environment. Everything else receives a typed Config.
 * Names follow the Teams Toolkit env files (BOT_ID, BOT_PASSWORD …) so `env/.env.*` feed it directly.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const eventsSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must look like whsec_<base64>');

const E164_OR_MESSAGING_SERVICE = /^(\+[1-9]\d{1,14}|MG[0-9a-fA-F]{32})$/;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  STORE_POOL_SIZE: z.coerce.number().int().positive().default(DEFAULT_POSTGRES_LIMITS.poolSize),
  STORE_POOL_MAX_WAITING: z.coerce.number().int().nonnegative().default(DEFAULT_POSTGRES_LIMITS.maxWaiting),
  STORE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().default(DEFAULT_POSTGRES_LIMITS.connectTimeoutMs / 1000),
  STORE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().nonnegative().default(DEFAULT_POSTGRES_LIMITS.statementTimeoutMs / 1000),
  STORE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: z.coerce.number().nonnegative().default(DEFAULT_POSTGRES_LIMITS.idleInTransactionTimeoutMs / 1000),
  DEFAULT_PHONE_REGION: PhoneRegion.default('US'),
  EVENTS_SECRET: eventsSecret.optional(),
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  EVENTS_RATE_LIMIT_PER_SECOND: z.coerce.number().int().positive().default(5000),
  EPHEMERAL_PURGE_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  DEMO_DATA: booleanString.optional(),
  BOT_ID: z.string().optional(),
  BOT_PASSWORD: z.string().optional(),
  BOT_TENANT_ID: z.string().optional(),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BOT_TENANT_REQUESTS_PER_SECOND: z.coerce.number().int().positive().default(50),
  BOT_OPENID_METADATA_URL: z.url().optional(),
  BOT_TOKEN_ISSUER: z.string().min(1).optional(),
  AAD_APP_CLIENT_ID: z.string().optional(),
  AAD_APP_TENANT_ID: z.string().optional(),
  AAD_APP_OAUTH_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  AAD_APP_CLIENT_SECRET: z.string().optional(),
  GRAPH_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).default('https://graph.microsoft.com/v1.0'),
  SSO_JWKS_URI: z.url().optional(),
  TAB_DOMAIN: z.string().optional(),
  TAB_ENDPOINT: z.url().optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, hostname: /./, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.email({ error: 'must be an e-mail address, e.g. cards@example.com' }).optional(),
  SMS_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: z.string().optional(),
  SMS_AUTH_TOKEN: z.string().optional(),
  SMS_FROM: z
    .string()
    .regex(E164_OR_MESSAGING_SERVICE, 'must be an E.164 number (+14155550100) or a messaging service id (MG…)')
    .optional(),
  OUTBOUND_TIMEOUT_SECONDS: z.coerce.number().positive().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Mode = 'development' | 'production';

export interface Config {
  mode: Mode;
  port: number;
  store: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; limits: PostgresLimits };
  /** The default phone region until an admin sets one in the tab (src/settings/app-settings.ts). */
  defaultPhoneRegion: string;
  /** `secret` is absent only in development; main then generates one and keeps it under dataDir. */
  events: { secret?: string; rateLimitPerSecond: number };
  /** Key sealing stored secrets (CRM credentials); absent only in development, where main generates one. */
  secretsKey?: string;
  dataDir: string;
  ephemeralPurgeIntervalMs: number;
  loadDemoData: boolean;
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: string;
    /** Teams' per-app, per-tenant limit for card sends and updates (the per-conversation limits are fixed by Teams). */
    tenantRequestsPerSecond: number;
    /** Where the Bot Connector's token signing keys are described; Bot Framework's own when absent (sovereign clouds, tests). */
    openIdMetadataUrl?: string;
    /** The `iss` of the Bot Connector's tokens; Bot Framework's own when absent. */
    tokenIssuer?: string;
  };
  /** Where users open the tab (links from bot cards): TAB_ENDPOINT, or this server in development. */
  tabUrl: string;
  /** Teams SSO for the tab; absent when no Entra app is configured (development only). */
  sso?: SsoConfig;
  /** Providers for messages to customers; a channel is absent when it is not configured. */
  outbound: OutboundConfig;
  logLevel: string;
}

export interface OutboundConfig {
  email?: {
    /** smtp://user:pass@host:587 or smtps://user:pass@host:465; credentials percent-encoded. */
    smtpUrl: string;
    /** The sender's address; each message carries the agent's name as display name. */
    from: string;
  };
  sms?: {
    /** The Messages API root: Twilio's, or a Twilio-compatible provider's. */
    baseUrl: string;
    /** The account SID (AC…): HTTP Basic user name and part of the API path. */
    accountSid: string;
    /** The account's auth token: HTTP Basic password. */
    authToken: string;
    /** The sender: an E.164 number or a messaging service id (MG…). */
    from: string;
  };
  /** How long either provider may take to answer; each sender's default (15 s) when absent. */
  timeoutMs?: number;
}

export interface SsoConfig {
  /** The tab's Entra app (client) id: tokens must be issued for it. */
  clientId: string;
  /** Accepted `aud` values: the client id and the Application ID URI api://<tab domain>/<client id>. */
  audiences: string[];
  /** Only tokens of this tenant, when set (single-tenant apps). */
  tenantId?: string;
  /** Entra's authority host; the issuer of v2 tokens is <host>/<tenant>/v2.0. */
  authorityHost: string;
  /** Where the token signing keys are published. */
  jwksUri: string;
  /** Microsoft Graph on behalf of the signed-in user (src/graph); absent without the app's client secret. */
  graph?: GraphConfig;
}

export interface GraphConfig {
  /** The tab app's client secret: the on-behalf-of grant exchanges the user's SSO token with it. */
  clientSecret: string;
  /** Graph's versioned root, e.g. https://graph.microsoft.com/v1.0; its origin names the resource of the scopes. */
  baseUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: Mode = e.NODE_ENV === 'production' ? 'production' : 'development';

  const problems: string[] = [];
  if (mode === 'production') {
    if (!e.EVENTS_SECRET) problems.push('EVENTS_SECRET: required in production (whsec_<base64>)');
    if (!e.SECRETS_KEY) problems.push('SECRETS_KEY: required in production (32 random bytes, base64), it seals stored CRM credentials');
    if (!e.BOT_ID) problems.push('BOT_ID: required in production (the bot\'s Microsoft app id)');
    if (e.BOT_ID && e.BOT_TYPE !== 'UserAssignedMSI' && !e.BOT_PASSWORD) {
      problems.push('BOT_PASSWORD: required in production when BOT_ID is set');
    }
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded store is for development)');
    if (e.DEMO_DATA) problems.push('DEMO_DATA: demo data cannot be loaded in production');
    if (!e.AAD_APP_CLIENT_ID) problems.push('AAD_APP_CLIENT_ID: required in production (the tab\'s Entra app for Teams SSO)');
  }
  const outbound = outboundConfig(e, mode, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    port: e.PORT,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, limits: postgresLimits(e) }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR, 'pglite') },
    defaultPhoneRegion: e.DEFAULT_PHONE_REGION,
    events: { secret: e.EVENTS_SECRET, rateLimitPerSecond: e.EVENTS_RATE_LIMIT_PER_SECOND },
    secretsKey: e.SECRETS_KEY,
    dataDir: path.resolve(e.DATA_DIR),
    ephemeralPurgeIntervalMs: e.EPHEMERAL_PURGE_INTERVAL_MINUTES * 60_000,
    loadDemoData: e.DEMO_DATA ?? mode === 'development',
    bot: {
      appId: e.BOT_ID, appPassword: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID, appType: e.BOT_TYPE, tenantRequestsPerSecond: e.BOT_TENANT_REQUESTS_PER_SECOND,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL, tokenIssuer: e.BOT_TOKEN_ISSUER,
    },
    tabUrl: `${(e.TAB_ENDPOINT ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')}/tab`,
    sso: e.AAD_APP_CLIENT_ID ? ssoConfig(e.AAD_APP_CLIENT_ID, e) : undefined,
    outbound,
    logLevel: e.LOG_LEVEL,
  };
}

/** Seconds in the environment, milliseconds for the driver; 0 turns a server-side timeout off. */
function postgresLimits(e: z.infer<typeof EnvSchema>): PostgresLimits {
  return {
    poolSize: e.STORE_POOL_SIZE,
    maxWaiting: e.STORE_POOL_MAX_WAITING,
    connectTimeoutMs: Math.round(e.STORE_CONNECT_TIMEOUT_SECONDS * 1000),
    statementTimeoutMs: Math.round(e.STORE_STATEMENT_TIMEOUT_SECONDS * 1000),
    idleInTransactionTimeoutMs: Math.round(e.STORE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS * 1000),
  };
}

function ssoConfig(clientId: string, e: z.infer<typeof EnvSchema>): SsoConfig {
  const authorityHost = e.AAD_APP_OAUTH_AUTHORITY_HOST.replace(/\/+$/, '');
  return {
    clientId,
    audiences: [clientId, ...(e.TAB_DOMAIN ? [`api://${e.TAB_DOMAIN}/${clientId}`] : [])],
    tenantId: e.AAD_APP_TENANT_ID,
    authorityHost,
    jwksUri: e.SSO_JWKS_URI ?? `${authorityHost}/common/discovery/v2.0/keys`,
    graph: e.AAD_APP_CLIENT_SECRET ? { clientSecret: e.AAD_APP_CLIENT_SECRET, baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, '') } : undefined,
  };
}

/** Each channel is all or nothing: half a configuration is a mistake to name, not a channel to turn off. */
function outboundConfig(e: z.infer<typeof EnvSchema>, mode: Mode, problems: string[]): OutboundConfig {
  const outbound: OutboundConfig = e.OUTBOUND_TIMEOUT_SECONDS ? { timeoutMs: e.OUTBOUND_TIMEOUT_SECONDS * 1000 } : {};
  if (e.SMTP_URL && e.MAIL_FROM) outbound.email = { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM };
  else if (e.SMTP_URL) problems.push('MAIL_FROM: required when SMTP_URL is set (the address e-mail to customers comes from)');
  else if (e.MAIL_FROM) problems.push('SMTP_URL: required when MAIL_FROM is set (the mail server that sends e-mail to customers)');

  const { SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from } = e;
  if (accountSid && authToken && from) {
    outbound.sms = { baseUrl: e.SMS_API_BASE_URL, accountSid, authToken, from };
  } else if (accountSid || authToken || from) {
    const missing = Object.entries({ SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from }).filter(([, v]) => !v);
    problems.push(`${missing.map(([name]) => name).join(', ')}: required with the other SMS_ variables (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM go together)`);
  }
  if (outbound.sms && mode === 'production' && !outbound.sms.baseUrl.startsWith('https://')) {
    problems.push('SMS_API_BASE_URL: must be https:// in production (the auth token travels with every request)');
  }
  return outbound;
}
