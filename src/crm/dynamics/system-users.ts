/** How long an answer holds: a user added or enabled in Dataverse is found within this time. */
const TTL_MS = 15 * 60_000;

/**
 * The agents' Dataverse users (systemuser) by e-mail address (internalemailaddress), cached per
 * address, misses included: every write of every interaction asks, and the answer rarely changes.
 */
export class SystemUsers {
  private readonly cache = new Map<string, { id: string | null; until: number }>();

  constructor(
    /** The enabled user with this internalemailaddress, or null. */
    private readonly lookup: (email: string) => Promise<string | null>,
    private readonly now: () => number = Date.now,
  ) {}

  async idFor(email: string): Promise<string | null> {
    const key = email.trim().toLowerCase();
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.id;
    const id = await this.lookup(key);
    this.cache.set(key, { id, until: this.now() + TTL_MS });
    return id;
  }
}
