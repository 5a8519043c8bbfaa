import { INTERACTION_CHANGED_CHANNEL } from '../domain/interactions/interactions-store';
import type { Db } from '../store/db';

type Subscriber = () => void;

/**
 * Fans the store's interaction-change notifications out to this instance's live subscribers
 * (open tabs, later the bot's card updates). One LISTEN per app instance, however many tabs.
 */
export class InteractionFeed {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(INTERACTION_CHANGED_CHANNEL, (interactionId) => {
      for (const subscriber of this.subscribers.get(interactionId) ?? []) subscriber();
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Calls onChange whenever the interaction changes; returns the unsubscribe. */
  subscribe(interactionId: string, onChange: Subscriber): () => void {
    let set = this.subscribers.get(interactionId);
    if (!set) this.subscribers.set(interactionId, (set = new Set()));
    set.add(onChange);
    return () => {
      set.delete(onChange);
      if (set.size === 0) this.subscribers.delete(interactionId);
    };
  }
}
