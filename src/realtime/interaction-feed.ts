import { CONTACT_CHANGED_CHANNEL, INTERACTION_CHANGED_CHANNEL } from '../domain/changes';
import type { Db } from '../store/db';

type Subscriber = () => void;

/** What a subscriber follows: an interaction, or a card (its contact) whatever interaction shows it. */
export type ChangeKey = { interaction: string } | { contact: string };

const keyOf = (key: ChangeKey) => ('interaction' in key ? `interaction:${key.interaction}` : `contact:${key.contact}`);

/**
 * Fans the store's change notifications out to this instance's live subscribers (open tabs, later
 * the bot's card updates). One LISTEN per channel per app instance, however many tabs.
 */
export class InteractionFeed {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private unlisteners: Array<() => Promise<void>> = [];

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.unlisteners = [
      await this.db.listen(INTERACTION_CHANGED_CHANNEL, (id) => this.dispatch(keyOf({ interaction: id })), this.resync),
      await this.db.listen(CONTACT_CHANGED_CHANNEL, (id) => this.dispatch(keyOf({ contact: id })), this.resync),
    ];
  }

  async stop(): Promise<void> {
    for (const unlisten of this.unlisteners.splice(0)) await unlisten();
  }

  /** Calls onChange whenever any of the keys changes; returns the unsubscribe. */
  subscribe(keys: ChangeKey[], onChange: Subscriber): () => void {
    const names = [...new Set(keys.map(keyOf))];
    for (const name of names) {
      let set = this.subscribers.get(name);
      if (!set) this.subscribers.set(name, (set = new Set()));
      set.add(onChange);
    }
    return () => {
      for (const name of names) {
        const set = this.subscribers.get(name);
        set?.delete(onChange);
        if (set?.size === 0) this.subscribers.delete(name);
      }
    };
  }

  private dispatch(name: string): void {
    for (const subscriber of this.subscribers.get(name) ?? []) subscriber();
  }

  /** Changes made while the store's change feed was down were never announced: every subscriber re-reads, once. */
  private readonly resync = (): void => {
    const everyone = new Set([...this.subscribers.values()].flatMap((set) => [...set]));
    for (const subscriber of everyone) subscriber();
  };
}
