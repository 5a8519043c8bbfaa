import type { Connection } from 'jsforce';
import type { SfRecord } from './salesforce-objects';
import { SalesforceApiError } from './salesforce-transport';
import { soqlString } from './soql';

/** A user found (or not) stays known this long; a deactivation is caught sooner by the write (INACTIVE_OWNER_OR_USER). */
const CACHE_MS = 15 * 60_000;

/**
 * The Salesforce users agents are, found by e-mail (User.Email, active standard users: those who can
 * own tasks), cached per connection so a busy contact center asks once per agent, not per task.
 */
export class SalesforceUsers {
  private readonly known = new Map<string, { id: string | null; until: number }>();

  constructor(private readonly now = () => Date.now()) {}

  /** The user's id, or null when no active user has this e-mail (the integration user then owns what is written). */
  async byEmail(conn: Connection, email: string | null): Promise<string | null> {
    const address = email?.trim().toLowerCase();
    if (!address) return null;
    const cached = this.known.get(address);
    if (cached && cached.until > this.now()) return cached.id;
    const id = await this.query(conn, address);
    this.known.set(address, { id, until: this.now() + CACHE_MS });
    return id;
  }

  /** A refused lookup (the integration user may not read users) finds no one: the write goes on without an owner. */
  private async query(conn: Connection, email: string): Promise<string | null> {
    try {
      const { records } = await conn.query<SfRecord>(
        `SELECT Id FROM User WHERE IsActive = true AND UserType = 'Standard' AND Email = ${soqlString(email)} ORDER BY CreatedDate LIMIT 1`,
      );
      return records[0]?.Id ?? null;
    } catch (error) {
      if (error instanceof SalesforceApiError && error.kind === 'rejected') return null;
      throw error;
    }
  }

  /** Salesforce refused the user as an owner (deactivated since): ask again next time. */
  forget(email: string | null): void {
    if (email) this.known.delete(email.trim().toLowerCase());
  }
}
