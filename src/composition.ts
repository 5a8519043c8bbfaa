import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { botEndpoint } from '../bot/endpoint';
import { botServices } from '../bot/bot-services';
import type { Config } from './config';
import { crmServices } from './crm/crm-services';
import { ContactService } from './domain/contacts/contact-service';
import { SecretBox } from './crm/secret-box';
import { createApp } from './http/app';
import { routeTable } from './http/routes';
import type { IngestContext } from './ingestion/ingest';
import { startBackgroundJobs } from './jobs/background-jobs';
import { outboundSenders } from './outbound/senders';
import { InteractionFeed } from './realtime/interaction-feed';
import { defaultPhoneRegionSetting } from './settings/app-settings';
import { AppSettingsCache } from './settings/settings-cache';
import { EventIntake } from './ingestion/event-intake';
import { requireFeature } from './settings/features';
import type { Db } from './store/db';

export interface CompositionOptions {
  config: Config;
  /** The open store; its owner (main, or a test) closes it after stop(). */
  db: Db;
  log: Logger;
  /** Configured, or chosen by the caller: main generates them for development, tests fix them. */
  secrets: { events: string; crmCredentials: string };
  /** The scheduled sweeps (jobs/background-jobs.ts); tests leave them off so the store holds only what they put in it. */
  backgroundJobs: boolean;
  /** How often the outbox and the chat-card dispatcher look for work nobody announced; tests shorten it. */
  pollMs?: { outbox?: number; chatCards?: number };
}

export interface AppServices {
  /** The HTTP app, for tests that read its routes. */
  app: Express;
  /** How events are applied (demo data, pending events at startup). */
  ingest: IngestContext;
  /** The webhook's intake; `intake.applied()` waits for what it accepted to be applied. */
  intake: EventIntake;
  /** Starts the live feed, the CRM connection and outbox, the chat-card dispatcher and the background jobs, then serves HTTP. */
  start(listen: { port: number; host?: string }): Promise<Server>;
  /** Stops serving, then what start() started; the store stays open. */
  stop(): Promise<void>;
}

/** The composition root: every service built once from the config, wired together, started and stopped together. */
export function composeApp({ config, db, log, secrets, backgroundJobs, pollMs = {} }: CompositionOptions): AppServices {
  const ingest: IngestContext = { defaultPhoneRegion: defaultPhoneRegionSetting(config.defaultPhoneRegion), log: log.child({ component: 'ingestion' }) };
  const settings = new AppSettingsCache(db, { defaultPhoneRegion: config.defaultPhoneRegion });
  const intake = new EventIntake(db, ingest);
  const feed = new InteractionFeed(db);
  const crm = crmServices(db, new SecretBox(secrets.crmCredentials), log, { pollMs: pollMs.outbox });
  const contacts = new ContactService(db, { requireFeature: (feature) => requireFeature(db, feature), defaultPhoneRegion: ingest.defaultPhoneRegion });
  const bots = botServices(config, db, { records: crm.records, contacts }, log, { defaultPhoneRegion: ingest.defaultPhoneRegion, pollMs: pollMs.chatCards });
  const botMessages = botEndpoint({ adapter: bots.adapter, bot: bots.bot, requireToken: Boolean(config.bot.appId), log: log.child({ component: 'bot' }) });
  const routes = routeTable({ config, db, eventsSecret: secrets.events, ingest, intake, settings, feed, crm, contacts, senders: outboundSenders(config.outbound), botMessages });
  const app = createApp({ log, routes });

  let server: Server | null = null;
  let stopJobs = () => {};
  return {
    app,
    ingest,
    intake,
    async start({ port, host }) {
      await settings.start();
      await feed.start();
      await crm.start();
      await bots.dispatcher.start();
      if (backgroundJobs) stopJobs = startBackgroundJobs(db, ingest, config.ephemeralPurgeIntervalMs, log.child({ component: 'jobs' }));
      const listening = createServer(app).listen({ port, host });
      await once(listening, 'listening'); // rejects on 'error': a port in use fails the start
      return (server = listening);
    },
    async stop() {
      stopJobs();
      const serving = server;
      if (serving) {
        serving.closeAllConnections(); // live cards hold connections open
        await new Promise<void>((resolve) => serving.close(() => resolve()));
      }
      await Promise.all([intake.stop(), settings.stop(), feed.stop(), crm.stop(), bots.dispatcher.stop()]);
    },
  };
}
