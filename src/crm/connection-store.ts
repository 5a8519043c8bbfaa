import type { Queryable } from '../store/db';
import type { CrmConnectionSettings } from './connector';
import type { SecretBox } from './secret-box';

/** The CRM connection as the API shows it: everything but the secret. */
export interface CrmConnectionView {
  kind: CrmConnectionSettings['kind'];
  instanceUrl: string;
  tokenUrl: string;
  clientId: string;
  scope: string | null;
  apiVersion: string | null;
  externalIdField: string | null;
  hasSecret: true;
  updatedBy: string;
  updatedAt: Date;
}

/** Changes to settings are announced here, so every instance applies them without a restart. */
export const SETTINGS_CHANGED_CHANNEL = 'settings_changed';

interface Row {
  kind: CrmConnectionSettings['kind'];
  instance_url: string;
  token_url: string;
  client_id: string;
  client_secret_sealed: string;
  scope: string | null;
  api_version: string | null;
  external_id_field: string | null;
  updated_by: string;
  updated_at: Date;
}

export async function loadConnection(db: Queryable, box: SecretBox): Promise<CrmConnectionSettings | null> {
  const [row] = await db.query<Row>('SELECT * FROM crm_connection');
  if (!row) return null;
  return {
    kind: row.kind,
    instanceUrl: row.instance_url,
    tokenUrl: row.token_url,
    clientId: row.client_id,
    clientSecret: box.open(row.client_secret_sealed),
    ...(row.scope ? { scope: row.scope } : {}),
    ...(row.api_version ? { apiVersion: row.api_version } : {}),
    ...(row.external_id_field ? { externalIdField: row.external_id_field } : {}),
  };
}

export async function describeConnection(db: Queryable): Promise<CrmConnectionView | null> {
  const [row] = await db.query<Row>('SELECT * FROM crm_connection');
  if (!row) return null;
  return {
    kind: row.kind, instanceUrl: row.instance_url, tokenUrl: row.token_url, clientId: row.client_id,
    scope: row.scope, apiVersion: row.api_version, externalIdField: row.external_id_field, hasSecret: true, updatedBy: row.updated_by, updatedAt: row.updated_at,
  };
}

/** Saves the connection; without a new secret the stored one is kept (it is never sent back out). */
export async function saveConnection(
  db: Queryable,
  box: SecretBox,
  settings: Omit<CrmConnectionSettings, 'clientSecret' | 'jwt'> & { clientSecret?: string },
  updatedBy: string,
): Promise<void> {
  const sealed = settings.clientSecret !== undefined ? box.seal(settings.clientSecret) : null;
  const rows = await db.query(
    `INSERT INTO crm_connection (kind, instance_url, token_url, client_id, client_secret_sealed, scope, updated_by, api_version, external_id_field)
     SELECT $1, $2, $3, $4, coalesce($5, (SELECT client_secret_sealed FROM crm_connection)), $6, $7, $8, $9
     WHERE $5 IS NOT NULL OR EXISTS (SELECT 1 FROM crm_connection)
     ON CONFLICT (singleton) DO UPDATE SET kind = EXCLUDED.kind, instance_url = EXCLUDED.instance_url,
       token_url = EXCLUDED.token_url, client_id = EXCLUDED.client_id, client_secret_sealed = EXCLUDED.client_secret_sealed,
       scope = EXCLUDED.scope, api_version = EXCLUDED.api_version, external_id_field = EXCLUDED.external_id_field,
       updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING kind`,
    [settings.kind, settings.instanceUrl, settings.tokenUrl, settings.clientId, sealed, settings.scope ?? null, updatedBy, settings.apiVersion ?? null, settings.externalIdField ?? null],
  );
  if (rows.length === 0) throw new Error('a new CRM connection needs its client secret');
  await db.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANGED_CHANNEL, 'crm']);
}

export async function removeConnection(db: Queryable): Promise<void> {
  await db.query('DELETE FROM crm_connection');
  await db.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANGED_CHANNEL, 'crm']);
}
