import express, { type Router } from 'express';
import { z } from 'zod';
import { loadConnection, describeConnection, removeConnection, saveConnection, type CrmConnectionView } from '../crm/connection-store';
import { createConnector } from '../crm/connector-factory';
import type { CrmConnectionSettings } from '../crm/connector';
import type { SecretBox } from '../crm/secret-box';
import { invalid } from '../domain/errors';
import { principalOf } from '../http/principal';
import { audit } from '../domain/settings-audit';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

const ConnectionInput = z.object({
  kind: z.enum(['salesforce', 'dynamics', 'servicenow']),
  instanceUrl: httpsUrl,
  tokenUrl: httpsUrl,
  clientId: z.string().trim().min(1).max(512),
  /** Omitted when editing: the stored secret is kept. */
  clientSecret: z.string().min(1).max(4096).optional(),
  scope: z.string().trim().min(1).max(1024).optional(),
  /** Salesforce: a REST API version to pin, e.g. "66.0" (else the highest the org offers). */
  apiVersion: z.string().trim().regex(/^\d{2,3}\.0$/, 'must be a Salesforce API version such as 66.0').optional(),
  /** Salesforce: the Task's External ID field carrying the interaction key. */
  externalIdField: z.string().trim().regex(/^[A-Za-z]\w{0,38}__c$/, 'must be the API name of a custom field, such as CustomerCard_Interaction_Key__c').optional(),
});
type ConnectionInput = z.infer<typeof ConnectionInput>;

/**
 * `/api/admin/crm-connection` (ADMIN-2): the CRM an admin connects. The client secret goes in,
 * sealed at rest, and never comes back out.
 */
export function crmConnectionApi(db: Db, box: SecretBox): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('manage the CRM connection'));

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
    const principal = principalOf(req);
    await db.transaction(async (tx) => {
      const before = await describeConnection(tx);
      if (!input.clientSecret && !before) throw invalid('a new CRM connection needs its client secret', 'clientSecret');
      await saveConnection(tx, box, input, principal.name);
      const after = audited((await describeConnection(tx))!);
      await audit(tx, principal, 'crm-connection', before && audited(before), input.clientSecret ? { ...after, clientSecret: '(secret changed)' } : after);
    });
    res.json({ connection: await describeConnection(db) });
  });

  /** Disconnect: the built-in CRM serves again. */
  router.delete('/', async (req, res) => {
    await db.transaction(async (tx) => {
      const before = await describeConnection(tx);
      await removeConnection(tx);
      if (before) await audit(tx, principalOf(req), 'crm-connection', audited(before), null);
    });
    res.json({ connection: null });
  });

  return router;
}

/** What the audit keeps of a connection: the settings, never the secret (the view has none). */
function audited({ kind, instanceUrl, tokenUrl, clientId, scope, apiVersion, externalIdField }: CrmConnectionView) {
  // Salesforce's own settings only where set, so other CRMs' audit entries read as before.
  return { kind, instanceUrl, tokenUrl, clientId, scope, ...(apiVersion ? { apiVersion } : {}), ...(externalIdField ? { externalIdField } : {}) };
}

async function withSecret(db: Db, box: SecretBox, input: ConnectionInput): Promise<CrmConnectionSettings> {
  const clientSecret = input.clientSecret ?? (await loadConnection(db, box))?.clientSecret;
  if (!clientSecret) throw invalid('enter the client secret', 'clientSecret');
  return { ...input, clientSecret };
}
