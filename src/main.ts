import type { Server } from 'node:http';
import { composeApp } from './composition';
import { ConfigError, loadConfig, type Config } from './config';
import { loadDemoDataOnce } from './demo/demo-data';
import { developmentSecret, newEventsSecret, newSecretsKey } from './dev-secret';
import { applyPendingEvents } from './ingestion/ingest';
import { createLogger } from './logger';
import { DataDirInUse } from './store/data-dir-lock';
import { openStore } from './store/open';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const log = createLogger(config.logLevel);
  const eventsSecret = resolveEventsSecret(config);
  const crmCredentials = config.secretsKey ?? developmentSecret(config.dataDir, 'secrets-key', newSecretsKey).secret;

  const db = await openStore(config.store, log.child({ component: 'store' }));
  log.info({ store: db.kind }, 'store ready, migrations applied');

  const services = composeApp({ config, db, log, secrets: { events: eventsSecret, crmCredentials }, backgroundJobs: true });
  if (config.loadDemoData && (await loadDemoDataOnce(db, services.ingest))) log.info('demo data loaded (Classics, Inc.)');
  await applyPendingEvents(db, services.ingest);
  const server = await services.start({ port: config.port });
  printBanner(config, server, eventsSecret);

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    void services.stop().then(() => db.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function resolveEventsSecret(config: Config): string {
  if (config.events.secret) return config.events.secret;
  const { secret, file } = developmentSecret(config.dataDir, 'events-secret', newEventsSecret);
  console.warn(`EVENTS_SECRET is not set: development mode signs events with the generated secret\n  ${secret}\n  (kept in ${file})`);
  return secret;
}

function printBanner(config: Config, server: Server, eventsSecret: string): void {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://localhost:${port}`;
  const lines = [
    `Customer Card is running on ${base} (${config.mode} mode, ${config.store.kind} store)`,
    `  tab      ${base}/tab`,
    `  bot      ${base}/api/messages`,
    `  events   ${base}/api/events   (Standard Webhooks, secret ${config.events.secret ? 'from EVENTS_SECRET' : eventsSecret})`,
    `  health   ${base}/healthz/live (process)  ${base}/healthz/ready (store)`,
  ];
  if (config.mode === 'development') {
    lines.push(
      '',
      '!! DEVELOPMENT MODE: the API acts as the development identity "Development User" for every caller,',
      '!! and the bot accepts activities without a Bot Framework token. Never expose this instance.',
    );
  }
  if (!config.bot.appId) {
    lines.push('', `Talk to the bot in the Microsoft 365 Agents Playground:  npm run playground  (then open http://localhost:56150)`);
  }
  console.log(lines.join('\n'));
}

void main().catch((error: unknown) => {
  // A second instance on the same embedded store is an operator's mistake, not a crash: no stack.
  console.error('Customer Card failed to start:', error instanceof DataDirInUse ? error.message : error);
  process.exit(1);
});
