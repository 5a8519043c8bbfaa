import express, { type Router } from 'express';
import { z } from 'zod';
import { loadConnection, describeConnection, removeConnection, saveConnection } from '../crm/connection-store';
import { createConnector } from '../crm/connector-factory';
import type { CrmConnectionSettings } from '../crm/connector';
import type { SecretBox } from '../crm/secret-box';
import { requirePermission } from '../domain/access/permissions';
import { invalid } from '../domain/errors';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

const ConnectionInput = z.object({
  kind: z.enum(['salesforce', 'dynamics', 'servicenow']),
  instanceUrl: httpsUrl,
  tokenUrl: httpsUrl,
  clientId: z.string().trim().min(1).max(512),
  /** Omitted when editing: the stored secret is kept. */
  clientSecret: z.string().min(1).max(4096).optional(),
  scope: z.string().trim().min(1).max(1024).optional(),
});
type ConnectionInput = z.infer<typeof ConnectionInput>;

/**
 * `/api/admin/crm-connection` (ADMIN-2): the CRM an admin connects. The client secret goes in,
 * sealed at rest, and never comes back out.
 */
export function crmConnectionApi(db: Db, box: SecretBox): Router {
  const router = express.Router();
  router.use((req, _res, next) => {
    requirePermission(principalOf(req), 'settings:manage', 'manage the CRM connection');
    next();
  });

  router.get('/', async (_req, res) => {
    res.json({ connection: await describeConnection(db) });
  });

  /** "Test connection": says what failed (token endpoint, credentials, API). */
  router.post('/test', async (req, res) => {
    const connector = createConnector(await withSecret(db, box, ConnectionInput.parse(req.body)));
    await connector.check(); // a CrmError becomes problem details naming the failure
    res.json({ ok: true });
  });

  router.put('/', async (req, res) => {
    const input = ConnectionInput.parse(req.body);
    const existing = await describeConnection(db);
    if (!input.clientSecret && !existing) throw invalid('a new CRM connection needs its client secret', 'clientSecret');
    await saveConnection(db, box, input, principalOf(req).name);
    res.json({ connection: await describeConnection(db) });
  });

  /** Disconnect: the built-in CRM serves again. */
  router.delete('/', async (_req, res) => {
    await removeConnection(db);
    res.json({ connection: null });
  });

  return router;
}

async function withSecret(db: Db, box: SecretBox, input: ConnectionInput): Promise<CrmConnectionSettings> {
  const clientSecret = input.clientSecret ?? (await loadConnection(db, box))?.clientSecret;
  if (!clientSecret) throw invalid('enter the client secret', 'clientSecret');
  return { ...input, clientSecret };
}
