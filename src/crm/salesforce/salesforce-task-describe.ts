import type { Connection } from 'jsforce';
import type { SalesforceSession } from './salesforce-session';

/** What this org's Task allows, from its describe (GET /sobjects/Task/describe). */
export interface TaskCapabilities {
  /**
   * Shared Activities is on: a task relates to one lead or up to 50 contacts through TaskRelation.
   * Salesforce adds WhoCount to Task only in such orgs, so its presence says so (the setting itself
   * is not readable through the REST API).
   */
  sharedActivities: boolean;
  /** The interaction key field as described; null when the integration user sees no field of that name. */
  keyField: KeyFieldDescribe | null;
  /** Fields the API may change on an existing task (TaskSubtype, for one, is set on create only). */
  updateable: ReadonlySet<string>;
  /** The objects a task's Related To (WhatId) may name: those with "Allow Activities". */
  whatObjects: ReadonlySet<string>;
}

export interface KeyFieldDescribe {
  name: string;
  type: string;
  length: number;
  externalId: boolean;
  unique: boolean;
  createable: boolean;
  updateable: boolean;
}

interface FieldDescribe extends Partial<KeyFieldDescribe> {
  name: string;
  referenceTo?: string[];
}

/** Shared Activities cannot be turned off, and is rarely turned on: an hour's cache is fresh enough. */
const CACHE_MS = 60 * 60_000;
/** The key is a SHA-256 in hex. */
export const KEY_LENGTH = 64;

/**
 * The Task's describe for one connection, read once and kept for an hour; a describe that lacks a
 * usable key field is not kept, so the write after an admin adds it sees it.
 */
export class TaskDescribe {
  private cached: { capabilities: TaskCapabilities; until: number } | null = null;
  private pending: Promise<TaskCapabilities> | null = null;

  constructor(
    private readonly session: SalesforceSession,
    private readonly keyField: string,
    private readonly now = () => Date.now(),
  ) {}

  async get(options: { fresh?: boolean } = {}): Promise<TaskCapabilities> {
    if (!options.fresh && this.cached && this.cached.until > this.now()) return this.cached.capabilities;
    this.pending ??= this.read().finally(() => (this.pending = null));
    return this.pending;
  }

  private async read(): Promise<TaskCapabilities> {
    const capabilities = await this.session.run("reading Salesforce's Task settings", (conn) => describeTask(conn, this.keyField));
    this.cached = keyFieldProblem(capabilities, this.keyField) ? null : { capabilities, until: this.now() + CACHE_MS };
    return capabilities;
  }
}

async function describeTask(conn: Connection, keyField: string): Promise<TaskCapabilities> {
  const { fields } = await conn.request<{ fields: FieldDescribe[] }>('/sobjects/Task/describe');
  const field = (name: string) => fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const key = field(keyField);
  return {
    sharedActivities: Boolean(field('WhoCount')),
    keyField: key
      ? {
          name: key.name,
          type: key.type ?? 'string',
          length: key.length ?? 0,
          externalId: key.externalId === true,
          unique: key.unique === true,
          createable: key.createable === true,
          updateable: key.updateable === true,
        }
      : null,
    updateable: new Set(fields.filter((f) => f.updateable).map((f) => f.name)),
    whatObjects: new Set(field('WhatId')?.referenceTo ?? []),
  };
}

/** What an admin must change before tasks can be written idempotently, or null when the key field is usable. */
export function keyFieldProblem(capabilities: TaskCapabilities, keyField: string): string | null {
  const add = `add it to Activity (Setup › Object Manager › Activity › Fields & Relationships) as a Text field of length ${KEY_LENGTH} or more, with External ID and Unique, and give the integration user edit access to it`;
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(keyField)) return `"${keyField}" is not the API name of a custom field (it ends in __c)`;
  const key = capabilities.keyField;
  if (!key) return `Salesforce's Task has no field "${keyField}" that the integration user can see: the Customer Card writes each interaction's task once by it, so ${add}`;
  if (!key.externalId) return `Salesforce's Task field "${key.name}" is not marked External ID, so tasks cannot be upserted by it: edit the field and check External ID (and Unique)`;
  if (key.type !== 'string' || key.length < KEY_LENGTH) return `Salesforce's Task field "${key.name}" must be Text of length ${KEY_LENGTH} or more to hold the interaction key`;
  if (!key.createable || !key.updateable) return `the integration user cannot edit Salesforce's Task field "${key.name}": give it edit access in field-level security`;
  return null;
}
