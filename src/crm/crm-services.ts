import type { Logger } from 'pino';
import { announceInteractionChanged } from '../domain/changes';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { Db } from '../store/db';
import { activitySender } from './activity-sender';
import { BuiltinConnector } from './builtin/builtin-connector';
import { loadConnection, SETTINGS_CHANGED_CHANNEL } from './connection-store';
import { createConnector } from './connector-factory';
import type { CrmConnector } from './connector';
import { InteractionRecords } from './interaction-records';
import type { SecretBox } from './secret-box';
import { RECORD_TOPIC } from './write-back';

export interface CrmServices {
  /** The connected CRM; the built-in one until an admin connects another. */
  connector(): CrmConnector;
  /** Link, relate and create records on interactions, as users allowed to. */
  records: InteractionRecords;
  /** Seals the CRM credentials an admin enters. */
  box: SecretBox;
  /** Writes interaction activities back to the CRM from the outbox. */
  worker: OutboxWorker;
  /** Loads the connection and follows its changes (made on any instance) without a restart. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function crmServices(db: Db, box: SecretBox, log: Logger, options: { pollMs?: number } = {}): CrmServices {
  const builtin = new BuiltinConnector(db);
  let current: CrmConnector = builtin;
  let unlisten: (() => Promise<void>) | null = null;
  const reload = async () => {
    const settings = await loadConnection(db, box);
    current = settings ? createConnector(settings) : builtin;
    log.info({ crm: current.kind }, 'CRM connection in use');
  };
  const connector = () => current;
  const worker = new OutboxWorker({
    db,
    log: log.child({ component: 'outbox' }),
    handlers: { [RECORD_TOPIC]: activitySender(db, connector) },
    // The card shows how its record stands: written, retrying or failed.
    onSettled: async (item) => announceInteractionChanged(db, (item.payload as { interactionId: string }).interactionId),
    pollMs: options.pollMs,
  });
  return {
    connector,
    records: new InteractionRecords(db, connector),
    box,
    worker,
    async start() {
      await reload();
      // Reloaded on every change, and after the change feed was down (a change may have gone unannounced).
      const reloadLogged = () => void reload().catch((err: unknown) => log.error({ err }, 'CRM connection reload failed'));
      unlisten = await db.listen(SETTINGS_CHANGED_CHANNEL, reloadLogged, reloadLogged);
      await worker.start();
    },
    async stop() {
      await unlisten?.();
      await worker.stop();
    },
  };
}
