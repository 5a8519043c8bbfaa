import type { Db } from '../store/db';
import type { ApplyContext } from './apply';
import { EventApplier } from './event-applier';
import type { ContactCenterEvent } from './event';
import { InboxWriter } from './inbox-writer';
import type { IngestStatus } from './ingest';

/**
 * How the webhook takes an event: stored durably (group commit with the events arriving beside it),
 * answered, then applied in the background. `ingestEvent` (src/ingestion/ingest.ts) stores and
 * applies in one go, for callers that need the effect at once (demo data).
 */
export class EventIntake {
  private readonly inbox: InboxWriter;
  readonly applier: EventApplier;

  constructor(db: Db, ctx: ApplyContext) {
    this.inbox = new InboxWriter(db);
    this.applier = new EventApplier(db, ctx);
  }

  async accept(event: ContactCenterEvent, payload: unknown): Promise<IngestStatus> {
    await this.applier.caughtUp();
    if (!(await this.inbox.store({ event, payload }))) return 'duplicate';
    if (event.type === 'web.visit') this.applier.schedule([], [event.id]);
    else this.applier.schedule([event.interaction.id]);
    return 'accepted';
  }

  /** Resolves once every event accepted so far is applied (or left pending after a failure). */
  applied(): Promise<void> {
    return this.applier.idle();
  }

  stop(): Promise<void> {
    return this.applier.stop();
  }
}
