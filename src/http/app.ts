import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { createAdapter } from '../../bot/adapter';
import { CustomerCardBot } from '../../bot/customer-card-bot';
import { contactsApi } from '../api/contacts';
import { interactionsApi } from '../api/interactions';
import type { Config } from '../config';
import { eventsWebhook } from '../ingestion/webhook';
import type { IngestContext } from '../ingestion/ingest';
import { TAB_DIR } from '../paths';
import type { Db } from '../store/db';
import { authenticate } from './principal';
import { HttpProblem, problemHandler } from './problem-details';

export interface AppDependencies {
  config: Config;
  db: Db;
  log: Logger;
  /** The events webhook secret (configured, or generated for development). */
  eventsSecret: string;
}

/** The HTTP surface: health, events webhook, bot endpoint, tab and API. */
export function createApp({ config, db, log, eventsSecret }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: log.child({ component: 'http' }), autoLogging: { ignore: (req) => req.url === '/healthz' } }));

  app.get('/healthz', async (_req, res) => {
    await db.query('SELECT 1');
    res.json({ status: 'ok', store: db.kind });
  });

  const ingest: IngestContext = { defaultPhoneRegion: config.defaultPhoneRegion, log: log.child({ component: 'ingestion' }) };
  app.use('/api/events', eventsWebhook({ db, secret: eventsSecret, rateLimitPerSecond: config.events.rateLimitPerSecond, ingest }));

  const adapter = createAdapter(config.bot, log.child({ component: 'bot' }));
  const bot = new CustomerCardBot();
  app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  app.use('/api', authenticate(config.mode), express.json({ limit: '256kb' }));
  app.use('/api/interactions', interactionsApi(db));
  app.use('/api/contacts', contactsApi(db));
  app.use('/api', (req) => {
    throw new HttpProblem({ status: 404, detail: `no API route ${req.method} ${req.originalUrl}` });
  });

  app.use('/tab', express.static(TAB_DIR));
  app.get('/', (_req, res) => res.redirect('/tab/'));

  app.use(problemHandler(log));
  return app;
}
