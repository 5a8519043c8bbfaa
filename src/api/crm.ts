import express, { type Router } from 'express';
import { z } from 'zod';
import { hasRecordRelations, type CrmConnector, type CrmRecordRef, type RecordRelations } from '../crm/connector';
import { linkRecord, listLinks, unlinkRecord } from '../crm/links';
import { activeRecords, recordOpened, relate, relationsOf, unrelate } from '../crm/relates-to';
import { requirePermission } from '../domain/access/permissions';
import { loadInteractionCard } from '../domain/cards/customer-card';
import { DomainError, notFound } from '../domain/errors';
import { principalOf } from '../http/principal';
import { requireFeature } from '../settings/features';
import type { Db } from '../store/db';

/** Record-to-record relations exist only where the CRM has them (ServiceNow); elsewhere relates-to goes with the activity. */
function recordRelations(connector: CrmConnector): RecordRelations {
  if (!hasRecordRelations(connector)) throw new DomainError('not_found', `${connector.kind} relates records through the activity, not record to record`);
  return connector;
}

/** The related records themselves, so one with no name can still be previewed (CRM-5). */
function withRecords(connector: CrmConnector, refs: CrmRecordRef[]) {
  return Promise.all(refs.map(async (ref) => (await connector.get(ref)) ?? { ...ref, name: null }));
}

const RecordRef = z.object({ type: z.string().trim().min(1).max(64), id: z.string().trim().min(1).max(128) });

const NewRecord = z.object({
  type: z.enum(['case', 'contact', 'lead']),
  fields: z.partialRecord(z.enum(['name', 'firstName', 'lastName', 'email', 'phone', 'company', 'subject', 'description', 'contactId', 'accountId']), z.string().trim().max(4000))
    .transform((fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''))),
});

/** CRM records on the card: link, unlink (CRM-1, CRM-3) and view more (CRM-7). */
export function crmApi(db: Db, connector: () => CrmConnector): Router {
  const router = express.Router();

  /** The contact's person-level records in the CRM (matched by identifiers) and what is linked. */
  router.get('/interactions/:id/crm', async (req, res) => {
    const card = await loadInteractionCard(db, req.params.id, principalOf(req).divisions);
    const identifiers = card.card?.contact.identifiers ?? [];
    const records = await connector().findPeople({
      phones: identifiers.filter((i) => i.kind === 'phone').map((i) => i.value),
      emails: identifiers.filter((i) => i.kind === 'email').map((i) => i.value),
      name: card.card?.contact.name ?? undefined,
    });
    const [links, active, relatedTo] = await Promise.all([
      listLinks(db, req.params.id),
      activeRecords(db, req.params.id),
      relationsOf(db, req.params.id, connector().kind),
    ]);
    res.json({ crm: connector().kind, records, links, active, relatedTo });
  });

  /** The agent opened a record in the CRM: it is now active in this interaction (CRM-4). */
  router.post('/interactions/:id/crm/opened', async (req, res) => {
    await loadInteractionCard(db, req.params.id, principalOf(req).divisions);
    const record = await connector().get(RecordRef.parse(req.body));
    if (!record) throw notFound('the CRM has no such record');
    await recordOpened(db, req.params.id, record);
    res.status(204).end();
  });

  /** Relates-to (CRM-4, CRM-5): the activity also relates to this record, in its slot. */
  router.put('/interactions/:id/crm/relates-to', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    await loadInteractionCard(db, req.params.id, principal.divisions);
    await relate(db, req.params.id, connector().kind, RecordRef.parse(req.body), principal.name);
    res.json({ relatedTo: await relationsOf(db, req.params.id, connector().kind) });
  });

  router.delete('/interactions/:id/crm/relates-to/:type/:recordId', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    await loadInteractionCard(db, req.params.id, principal.divisions);
    await unrelate(db, req.params.id, { type: req.params.type, id: req.params.recordId });
    res.json({ relatedTo: await relationsOf(db, req.params.id, connector().kind) });
  });

  router.put('/interactions/:id/crm/links', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'interactions:link', 'link CRM records');
    await requireFeature(db, 'crm.link');
    await loadInteractionCard(db, req.params.id, principal.divisions); // not found outside the user's divisions
    const ref = RecordRef.parse(req.body);
    const record = await connector().get(ref);
    if (!record) throw notFound(`the CRM has no ${ref.type} ${ref.id}`);
    await linkRecord(db, req.params.id, record, principal.name);
    res.json({ links: await listLinks(db, req.params.id) });
  });

  router.delete('/interactions/:id/crm/links/:type/:recordId', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'interactions:link', 'unlink CRM records');
    await requireFeature(db, 'crm.link');
    await loadInteractionCard(db, req.params.id, principal.divisions);
    await unlinkRecord(db, req.params.id, { type: req.params.type, id: req.params.recordId });
    res.json({ links: await listLinks(db, req.params.id) });
  });

  /** Create (CRM-6): a new CRM record, linked to the interaction so it appears on the card. */
  router.post('/interactions/:id/crm/records', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'interactions:link', 'create CRM records');
    await requireFeature(db, 'crm.create');
    await loadInteractionCard(db, req.params.id, principal.divisions);
    const record = await connector().create(NewRecord.parse(req.body));
    await linkRecord(db, req.params.id, record, principal.name);
    res.status(201).json({ record, links: await listLinks(db, req.params.id) });
  });

  /** CRM-5: what a record is related to through its own fields, with each related record for preview. */
  router.get('/crm/records/:type/:recordId/relations', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see CRM records');
    const refs = await recordRelations(connector()).relations({ type: req.params.type, id: req.params.recordId });
    res.json({ relations: await withRecords(connector(), refs) });
  });

  router.put('/crm/records/:type/:recordId/relations', async (req, res) => {
    requirePermission(principalOf(req), 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    const refs = await recordRelations(connector()).relate({ type: req.params.type, id: req.params.recordId }, RecordRef.parse(req.body));
    res.json({ relations: await withRecords(connector(), refs) });
  });

  router.delete('/crm/records/:type/:recordId/relations/:relatedType', async (req, res) => {
    requirePermission(principalOf(req), 'interactions:link', 'relate CRM records');
    await requireFeature(db, 'crm.relatesTo');
    const refs = await recordRelations(connector()).unrelate({ type: req.params.type, id: req.params.recordId }, req.params.relatedType);
    res.json({ relations: await withRecords(connector(), refs) });
  });

  /** Records related to a record, loaded when the agent expands it (CRM-7). */
  router.get('/crm/records/:type/:recordId/related', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see CRM records');
    res.json({ records: await connector().related({ type: req.params.type, id: req.params.recordId }) });
  });

  return router;
}
