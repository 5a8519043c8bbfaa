import express, { type Router } from 'express';
import { z } from 'zod';
import type { InteractionRecords } from '../crm/interaction-records';
import { principalOf } from '../http/principal';
import { RecordRef } from './crm-records';

const NewRecord = z.object({
  type: z.enum(['case', 'contact', 'lead']),
  fields: z.partialRecord(z.enum(['name', 'firstName', 'lastName', 'email', 'phone', 'company', 'subject', 'description', 'contactId', 'accountId']), z.string().trim().max(4000))
    .transform((fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''))),
});

/** `/api/interactions/:id/crm`: CRM records on an interaction's card: link, unlink (CRM-1, CRM-3), relates-to (CRM-4) and create (CRM-6). */
export function interactionCrmApi(records: InteractionRecords): Router {
  const router = express.Router();
  const ref = (params: { type: string; recordId: string }) => ({ type: params.type, id: params.recordId });

  /** The contact's person-level records in the CRM (matched by identifiers) and what is linked. */
  router.get('/:id/crm', async (req, res) => {
    res.json(await records.overview(principalOf(req), req.params.id));
  });

  router.post('/:id/crm/opened', async (req, res) => {
    await records.opened(principalOf(req), req.params.id, RecordRef.parse(req.body));
    res.status(204).end();
  });

  router.put('/:id/crm/relates-to', async (req, res) => {
    res.json({ relatedTo: await records.relate(principalOf(req), req.params.id, RecordRef.parse(req.body)) });
  });

  router.delete('/:id/crm/relates-to/:type/:recordId', async (req, res) => {
    res.json({ relatedTo: await records.unrelate(principalOf(req), req.params.id, ref(req.params)) });
  });

  router.put('/:id/crm/links', async (req, res) => {
    await records.link(principalOf(req), req.params.id, RecordRef.parse(req.body));
    res.json({ links: await records.links(req.params.id) });
  });

  router.delete('/:id/crm/links/:type/:recordId', async (req, res) => {
    await records.unlink(principalOf(req), req.params.id, ref(req.params));
    res.json({ links: await records.links(req.params.id) });
  });

  /** Resend the interaction's record after the CRM refused it (CRM-2). */
  router.post('/:id/crm/record/resend', async (req, res) => {
    res.status(202).json({ record: await records.resend(principalOf(req), req.params.id) });
  });

  router.post('/:id/crm/records', async (req, res) => {
    const record = await records.create(principalOf(req), req.params.id, NewRecord.parse(req.body));
    res.status(201).json({ record, links: await records.links(req.params.id) });
  });

  return router;
}
