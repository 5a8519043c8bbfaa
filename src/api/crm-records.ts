import express, { type Router } from 'express';
import { z } from 'zod';
import { hasRecordRelations, type CrmConnector, type CrmRecordRef, type RecordRelations } from '../crm/connector';
import { requirePermission } from '../domain/access/permissions';
import { DomainError } from '../domain/errors';
import { principalOf } from '../http/principal';
import { requireFeature } from '../settings/features';
import type { Db } from '../store/db';

export const RecordRef = z.object({ type: z.string().trim().min(1).max(64), id: z.string().trim().min(1).max(128) });

/** Record-to-record relations exist only where the CRM has them (ServiceNow); elsewhere relates-to goes with the activity. */
function recordRelations(connector: CrmConnector): RecordRelations {
  if (!hasRecordRelations(connector)) throw new DomainError('not_found', `${connector.kind} relates records through the activity, not record to record`);
  return connector;
}

/** The related records themselves, so one with no name can still be previewed (CRM-5). */
function withRecords(connector: CrmConnector, refs: CrmRecordRef[]) {
  return Promise.all(refs.map(async (ref) => (await connector.get(ref)) ?? { ...ref, name: null }));
}

/** `/api/crm/records`: CRM records themselves, their relations to other records (CRM-5) and related records (CRM-7). */
export function crmRecordsApi(db: Db, connector: () => CrmConnector): Router {
  const router = express.Router();

  /** CRM-5: what a record is related to through its own fields, with each related record for preview. */
  router.get('/:type/:recordId/relations', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see CRM records');
    const refs = await recordRelations(connector()).relations({ type: req.params.type, id: req.params.recordId });
    res.json({ relations: await withRecords(connector(), refs) });
  });

  router.put('/:type/:recordId/relations', async (req, res) => {
    requirePermission(principalOf(req), 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    const refs = await recordRelations(connector()).relate({ type: req.params.type, id: req.params.recordId }, RecordRef.parse(req.body));
    res.json({ relations: await withRecords(connector(), refs) });
  });

  router.delete('/:type/:recordId/relations/:relatedType', async (req, res) => {
    requirePermission(principalOf(req), 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    const refs = await recordRelations(connector()).unrelate({ type: req.params.type, id: req.params.recordId }, req.params.relatedType);
    res.json({ relations: await withRecords(connector(), refs) });
  });

  /** Records related to a record, loaded when the agent expands it (CRM-7). */
  router.get('/:type/:recordId/related', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see CRM records');
    res.json({ records: await connector().related({ type: req.params.type, id: req.params.recordId }) });
  });

  return router;
}
