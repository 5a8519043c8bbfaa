import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { composeApp } from '../../src/composition';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { silentLog } from './events';

export const TEST_EVENTS_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const TEST_SECRETS_KEY = Buffer.alloc(32, 42).toString('base64');

/** Production mode with everything it requires set (the store URL is never used: tests pass their own store). */
export const PRODUCTION_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  BOT_ID: '00000000-0000-4000-8000-000000000001',
  BOT_PASSWORD: 'not-used-here',
  DATABASE_URL: 'postgres://unused.invalid/cc',
  AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-000000000002',
  SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
};

/** The environment pointing the app's SMTP and SMS senders at the local test servers. */
export function outboundEnv(smtp: { url: string }, sms: { baseUrl: string; accountSid: string; authToken: string }): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    MAIL_FROM: 'cards@classics.example',
    SMS_API_BASE_URL: sms.baseUrl,
    SMS_ACCOUNT_SID: sms.accountSid,
    SMS_AUTH_TOKEN: sms.authToken,
    SMS_FROM: '+18035550100',
  };
}

export interface RunningApp {
  baseUrl: string;
  /** The Express app, to read its routes. */
  express: Express;
  /** Resolves once every event the webhook accepted so far is applied (it answers 202 once stored). */
  eventsApplied(): Promise<void>;
  close(): Promise<void>;
}

/** The real app as main composes it (src/composition.ts), on a real loopback port, over the given store; `log` to read what it logs. */
export async function startApp(db: Db, env: Record<string, string> = {}, log: Logger = silentLog): Promise<RunningApp> {
  const config = loadConfig({ NODE_ENV: 'development', EVENTS_SECRET: TEST_EVENTS_SECRET, ...env });
  const services = composeApp({
    config,
    db,
    log,
    secrets: { events: TEST_EVENTS_SECRET, crmCredentials: TEST_SECRETS_KEY },
    backgroundJobs: false,
    pollMs: { outbox: 500, chatCards: 200 },
  });
  const server = await services.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, express: services.app, eventsApplied: () => services.intake.applied(), close: () => services.stop() };
}

/** The real app over its own fresh in-memory store, for tests that need no store matrix. */
export async function startAppOnFreshStore(env: Record<string, string> = {}): Promise<RunningApp & { db: Db }> {
  const db = await openPglite();
  await migrate(db);
  const app = await startApp(db, env);
  return {
    ...app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
