import { allOf, equals, notEquals } from './encoded-query';
import { text } from './row';
import type { TableApi } from './table-api';

/** An agent's user rarely changes; an hour lets a newly added or deactivated one show without a restart. */
const REMEMBER_MS = 60 * 60 * 1000;

/**
 * The agents' ServiceNow users (sys_user), found by e-mail and remembered per connector, so a
 * write-back asks once an hour per agent, not once per interaction. Customer contacts are
 * sys_user rows too (customer_contact extends it): they are left out, so a customer who shares an
 * agent's address never becomes the interaction's assignee. No user is an answer (null), not a
 * failure: the interaction is then written unassigned.
 */
export class AgentUsers {
  private readonly known = new Map<string, { id: string | null; at: number }>();

  constructor(private readonly api: TableApi, private readonly now: () => number = Date.now) {}

  async find(email: string | null): Promise<string | null> {
    const address = email?.trim().toLowerCase();
    if (!address) return null;
    const remembered = this.known.get(address);
    if (remembered && this.now() - remembered.at < REMEMBER_MS) return remembered.id;
    const [user] = await this.api.list('sys_user', {
      query: allOf([equals('email', address), equals('active', 'true'), notEquals('sys_class_name', 'customer_contact')]),
      fields: ['sys_id'],
      limit: 1,
    });
    const id = user ? text(user, 'sys_id') || null : null;
    this.known.set(address, { id, at: this.now() });
    return id;
  }
}
