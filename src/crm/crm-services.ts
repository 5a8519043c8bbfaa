import type { Logger } from 'pino';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { Db } from '../store/db';
import { activitySender } from './activity-sender';
import { BuiltinConnector } from './builtin/builtin-connector';
import type { CrmConnector } from './connector';

export interface CrmServices {
  /** The connected CRM; the built-in one until an admin connects another. */
  connector(): CrmConnector;
  /** Writes interaction activities back to the CRM from the outbox. */
  worker: OutboxWorker;
}

export function crmServices(db: Db, log: Logger, options: { pollMs?: number } = {}): CrmServices {
  const builtin = new BuiltinConnector(db);
  const connector = () => builtin;
  const worker = new OutboxWorker({ db, log: log.child({ component: 'outbox' }), handlers: { 'crm.activity': activitySender(db, connector) }, pollMs: options.pollMs });
  return { connector, worker };
}
