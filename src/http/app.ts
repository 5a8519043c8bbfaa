import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { BotServices } from '../../bot/bot-services';
import { botEndpoint } from '../../bot/endpoint';
import { contactsApi } from '../api/contacts';
import { crmRecordsApi } from '../api/crm-records';
import { auditApi } from '../api/admin-audit';
import { crmConnectionApi } from '../api/admin-crm-connection';
import { crmRecordsAdminApi } from '../api/admin-crm-records';
import { divisionsApi } from '../api/admin-divisions';
import { featuresApi } from '../api/admin-features';
import { fieldsApi } from '../api/admin-fields';
import { roleMappingsApi } from '../api/admin-role-mappings';
import { rolesApi } from '../api/admin-roles';
import { appSettingsApi } from '../api/admin-settings';
import { interactionCrmApi } from '../api/interaction-crm';
import { interactionsApi } from '../api/interactions';
import { lookupApi } from '../api/lookup';
import { meApi } from '../api/me';
import { notesApi } from '../api/notes';
import { fieldsForAgentsApi } from '../api/fields';
import { messagesApi } from '../api/messages';
import { outboundSenders } from '../outbound/senders';
import type { Config } from '../config';
import { eventsWebhook } from '../ingestion/webhook';
import type { IngestContext } from '../ingestion/ingest';
import { TAB_DIST_DIR } from '../paths';
import type { InteractionFeed } from '../realtime/interaction-feed';
import type { CrmServices } from '../crm/crm-services';
import { defaultPhoneRegionSetting } from '../settings/app-settings';
import type { Db } from '../store/db';
import { redactRequest } from '../logger';
import { healthRoutes } from './health';
import { authenticate } from './principal';
import { HttpProblem, problemHandler } from './problem-details';
import { refuseUnstorableInput } from './storable-input';
import { teamsSsoVerifier } from './teams-sso';

export interface AppDependencies {
  config: Config;
  db: Db;
  log: Logger;
  /** The events webhook secret (configured, or generated for development). */
  eventsSecret: string;
  /** Interaction changes, for live cards. */
  feed: InteractionFeed;
  /** The connected CRM (the built-in one when none is), its credentials and write-back. */
  crm: CrmServices;
  /** The Bot Framework adapter, the bot, and its card updates. */
  bots: BotServices;
}

/** The HTTP surface: health, events webhook, bot endpoint, tab and API. */
export function createApp({ config, db, log, eventsSecret, feed, crm, bots }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: log.child({ component: 'http' }), serializers: { req: redactRequest }, autoLogging: { ignore: (req) => req.url?.startsWith('/healthz') ?? false } }));

  app.use('/healthz', healthRoutes(db, config.store));

  const defaultPhoneRegion = defaultPhoneRegionSetting(config.defaultPhoneRegion);
  const ingest: IngestContext = { defaultPhoneRegion, log: log.child({ component: 'ingestion' }) };
  app.use('/api/events', eventsWebhook({ db, secret: eventsSecret, rateLimitPerSecond: config.events.rateLimitPerSecond, ingest }));

  app.use('/api/messages', botEndpoint({ adapter: bots.adapter, bot: bots.bot, requireToken: Boolean(config.bot.appId), log: log.child({ component: 'bot' }) }));

  const verifyToken = config.sso ? teamsSsoVerifier(config.sso) : undefined;
  app.use('/api', authenticate({ mode: config.mode, db, verifyToken }), express.json({ limit: '256kb' }));
  app.use('/api', refuseUnstorableInput);
  const senders = outboundSenders(config.outbound);
  app.use('/api/me', meApi(db, senders));
  app.use('/api/interactions', interactionsApi(db, feed));
  app.use('/api/contacts', contactsApi(db, defaultPhoneRegion));
  app.use('/api/lookup', lookupApi(db, defaultPhoneRegion));
  app.use('/api/fields', fieldsForAgentsApi(db));
  app.use('/api', notesApi(db));
  app.use('/api/contacts', messagesApi(db, senders, defaultPhoneRegion));
  app.use('/api', interactionCrmApi(crm.records), crmRecordsApi(db, crm.connector));
  app.use('/api/admin/crm-connection', crmConnectionApi(db, crm.box));
  app.use('/api/admin/crm-records', crmRecordsAdminApi(db));
  app.use('/api/admin/features', featuresApi(db));
  app.use('/api/admin/settings', appSettingsApi(db, { defaultPhoneRegion: config.defaultPhoneRegion }));
  app.use('/api/admin', fieldsApi(db));
  app.use('/api/admin/roles', rolesApi(db));
  app.use('/api/admin/role-mappings', roleMappingsApi(db));
  app.use('/api/admin/divisions', divisionsApi(db));
  app.use('/api/admin/audit', auditApi(db));
  app.use('/api', (req) => {
    throw new HttpProblem({ status: 404, detail: `no API route ${req.method} ${req.originalUrl}` });
  });

  // Vite names assets by content hash: they never change, the page itself always revalidates.
  app.use('/tab/assets', express.static(`${TAB_DIST_DIR}/assets`, { immutable: true, maxAge: '1y', fallthrough: false }));
  app.get(['/tab', '/tab/{*page}'], (_req, res) => res.sendFile(`${TAB_DIST_DIR}/index.html`, { headers: { 'Cache-Control': 'no-cache' } }));
  app.get('/', (_req, res) => res.redirect('/tab'));
  app.use((req) => {
    throw new HttpProblem({ status: 404, detail: `nothing here: ${req.method} ${req.path}` });
  });

  app.use(problemHandler(log));
  return app;
}
