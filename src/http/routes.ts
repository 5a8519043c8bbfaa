import express, { type RequestHandler } from 'express';
import { auditApi } from '../api/admin-audit';
import { crmConnectionApi } from '../api/admin-crm-connection';
import { crmRecordsAdminApi } from '../api/admin-crm-records';
import { divisionsApi } from '../api/admin-divisions';
import { featuresApi } from '../api/admin-features';
import { fieldOrderApi, fieldsApi } from '../api/admin-fields';
import { privacyApi } from '../api/admin-privacy';
import { roleMappingsApi } from '../api/admin-role-mappings';
import { rolesApi } from '../api/admin-roles';
import { appSettingsApi } from '../api/admin-settings';
import { contactMergesApi } from '../api/contact-merges';
import { contactsApi } from '../api/contacts';
import { crmRecordsApi } from '../api/crm-records';
import { fieldsForAgentsApi } from '../api/fields';
import { interactionCrmApi } from '../api/interaction-crm';
import { interactionsApi } from '../api/interactions';
import { lookupApi } from '../api/lookup';
import { meApi } from '../api/me';
import { messagesApi } from '../api/messages';
import { contactNotesApi, notesApi } from '../api/notes';
import type { Config } from '../config';
import type { CrmServices } from '../crm/crm-services';
import type { ContactService } from '../domain/contacts/contact-service';
import type { OutboundSenders } from '../domain/outbound/send-message';
import type { IngestContext } from '../ingestion/ingest';
import type { EventIntake } from '../ingestion/event-intake';
import { eventsWebhook } from '../ingestion/webhook';
import type { AppSettingsCache } from '../settings/settings-cache';
import type { InteractionFeed } from '../realtime/interaction-feed';
import type { Db } from '../store/db';
import { healthRoutes } from './health';
import { authenticate } from './principal';
import { refuseUnstorableInput } from './storable-input';
import { tabPages } from './tab';
import { teamsSsoVerifier } from './teams-sso';

/** A URL prefix and what serves the requests under it, in order. */
export interface Route {
  prefix: string;
  handlers: RequestHandler[];
}

/** What the routes serve with, built once by the composition root (src/composition.ts). */
export interface RouteServices {
  config: Config;
  db: Db;
  /** The events webhook's secret: configured, or generated for development. */
  eventsSecret: string;
  /** How events are applied; its default phone region is the one every route reads. */
  ingest: IngestContext;
  /** How the webhook stores events and has them applied. */
  intake: EventIntake;
  /** The tenant settings, cached for the webhook and told of an admin's change. */
  settings: AppSettingsCache;
  /** Interaction and card changes, for live cards. */
  feed: InteractionFeed;
  crm: CrmServices;
  /** Contact use cases, shared with the bot's card actions. */
  contacts: ContactService;
  senders: OutboundSenders;
  /** `/api/messages`, the Bot Connector's endpoint (bot/endpoint.ts): handed in, so HTTP knows no bot code. */
  botMessages: RequestHandler;
}

const at = (prefix: string, ...handlers: RequestHandler[]): Route => ({ prefix, handlers });

/**
 * Every URL the app serves, by prefix, tried in this order. Each router is mounted at the prefix its
 * own paths share, so a URL is found by reading down this list. Whatever under /api no route takes
 * is a 404 problem (http/app.ts).
 */
export function routeTable({ config, db, eventsSecret, ingest, intake, settings, feed, crm, contacts, senders, botMessages }: RouteServices): Route[] {
  const region = ingest.defaultPhoneRegion;
  return [
    // Callers who prove who they are their own way: probes (nothing), the contact center (signature), the Bot Connector (its token).
    at('/healthz', healthRoutes(db, config.store)),
    at('/api/events', eventsWebhook({
      secret: eventsSecret,
      rateLimitPerSecond: config.events.rateLimitPerSecond,
      intake,
      defaultPhoneRegion: async () => (await settings.current()).defaultPhoneRegion,
    })),
    at('/api/messages', botMessages),

    // The rest of /api is the tab's: Teams SSO (the development identity in development), JSON bodies only in storable text.
    at('/api', authenticate({ mode: config.mode, db, verifyToken: config.sso ? teamsSsoVerifier(config.sso) : undefined }), express.json({ limit: '256kb' }), refuseUnstorableInput),
    at('/api/me', meApi(db, senders)),
    at('/api/interactions', interactionsApi(db, feed, contacts), interactionCrmApi(crm.records)),
    at('/api/contacts', contactsApi(db, contacts, region, feed), contactMergesApi(db, contacts), contactNotesApi(db), messagesApi(db, senders, region)),
    at('/api/notes', notesApi(db)),
    at('/api/lookup', lookupApi(db, region)),
    at('/api/fields', fieldsForAgentsApi(db)),
    at('/api/crm/records', crmRecordsApi(db, crm.connector)),
    at('/api/admin/settings', appSettingsApi(db, { defaultPhoneRegion: config.defaultPhoneRegion }, settings)),
    at('/api/admin/features', featuresApi(db)),
    at('/api/admin/fields', fieldsApi(db)),
    at('/api/admin/field-order', fieldOrderApi(db)),
    at('/api/admin/crm-connection', crmConnectionApi(db, crm.box)),
    at('/api/admin/crm-records', crmRecordsAdminApi(db)),
    at('/api/admin/roles', rolesApi(db)),
    at('/api/admin/role-mappings', roleMappingsApi(db)),
    at('/api/admin/divisions', divisionsApi(db)),
    at('/api/admin/audit', auditApi(db)),
    at('/api/admin/privacy', privacyApi(db)),

    at('/tab', tabPages()),
  ];
}
