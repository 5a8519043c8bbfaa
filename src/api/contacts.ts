import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { loadCustomerCard } from '../domain/cards/customer-card';
import type { ContactService } from '../domain/contacts/contact-service';
import { searchContacts } from '../domain/contacts/search';
import { dismissDuplicateHint } from '../domain/merge/duplicate-hints';
import { findDuplicates } from '../domain/merge/duplicates';
import { previewMerge } from '../domain/merge/merge-cards';
import { principalOf } from '../http/principal';
import { keepFromQuery } from './keep-query';
import { followContactCard } from '../realtime/contact-card-stream';
import type { InteractionFeed } from '../realtime/interaction-feed';
import type { DefaultPhoneRegion } from '../settings/app-settings';
import type { Db } from '../store/db';

const SearchQuery = z.object({ q: z.string().trim().min(1, 'type something to search for').max(200) });

const NewContact = z.object({
  name: z.string().trim().min(1, 'a contact needs a name').max(256),
  phone: z.string().trim().min(1).max(64).optional(),
  email: z.string().trim().min(1).max(320).optional(),
  fields: z.record(z.string().max(128), z.string().max(4096)).optional(),
  /** Attach this interaction to the new contact (Create contact from a card with no match). */
  interactionId: z.string().min(1).max(256).optional(),
});

/** An edit of a card: what is left out stays as it is; phones and emails replace the card's. */
const ContactEdit = z.object({
  name: z.string().max(256).optional(),
  phones: z.array(z.string().max(64)).max(20).optional(),
  emails: z.array(z.string().max(320)).max(20).optional(),
  fields: z.record(z.string().max(128), z.string().max(4096)).optional(),
});

/**
 * The other card of a merge, merged into the card of the URL, which survives; and, per field the two
 * cards disagree on (`name`, `fields.<ident>`), whose value to keep (else the survivor's).
 */
const MergeWith = z.object({
  contactId: z.uuid('contactId must be the id of a contact'),
  keep: z
    .record(z.string().max(160), z.enum(['survivor', 'merged']))
    .refine((keep) => Object.keys(keep).every((field) => /^(name|fields\..+)$/.test(field)), 'each field is name or fields.<ident>')
    .optional(),
});
/** The preview's query string: `keep.<field>=merged` for each value kept from the other card. */
const MergePreviewQuery = z.object({ contactId: MergeWith.shape.contactId }).catchall(z.string());

/** A card and the card its possible-duplicate hint names (MERGE-8). */
const HintPair = z.object({ id: z.uuid('the card must be a contact id'), otherId: z.uuid('otherId must be the id of a contact') });

/** `/api/contacts`: search and read cards; what changes them goes through the contact service, as the bot's card actions do. */
export function contactsApi(db: Db, contacts: ContactService, defaultPhoneRegion: DefaultPhoneRegion, feed: InteractionFeed): Router {
  const router = express.Router();

  /** Search all cards by name, phone or e-mail. */
  router.get('/', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'search contacts');
    const { q } = SearchQuery.parse(req.query);
    res.json({ contacts: await searchContacts(db, q, await defaultPhoneRegion(db)) });
  });

  router.post('/', async (req, res) => {
    const principal = principalOf(req);
    const id = await contacts.create(principal, NewContact.parse(req.body));
    res.status(201).location(`/api/contacts/${id}`).json(await loadCustomerCard(db, id, principal));
  });

  /** A contact's card; an alias answers with its canonical contact (`resolvedFrom` names the alias). */
  router.get('/:id', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'see contacts');
    res.json(await loadCustomerCard(db, req.params.id, principal));
  });

  /**
   * The card, live (server-sent events): `card` at once and after every change to it, to a card
   * merged into it or to one of its interactions; after a merge into another card, that card (with
   * `resolvedFrom`); `deleted` once the card is gone. However the card was opened, it stays current.
   */
  router.get('/:id/live', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'see contacts');
    const first = await loadCustomerCard(db, req.params.id, principal); // 404 before the stream opens
    followContactCard(req, res, { db, feed, viewer: principal, contactId: req.params.id, first });
  });

  /** Edit the card (FIELD-1): name, phone numbers, e-mail addresses and custom field values. */
  router.put('/:id', async (req, res) => {
    const principal = principalOf(req);
    await contacts.edit(principal, req.params.id, ContactEdit.parse(req.body));
    res.json(await loadCustomerCard(db, req.params.id, principal));
  });

  /** Delete the card; its interactions stay, attached to no contact. */
  router.delete('/:id', async (req, res) => {
    await contacts.delete(principalOf(req), req.params.id);
    res.status(204).end();
  });

  /** "Add to contacts" (ID-7). */
  router.post('/:id/promote', async (req, res) => {
    const principal = principalOf(req);
    await contacts.promote(principal, req.params.id);
    res.json(await loadCustomerCard(db, req.params.id, principal));
  });

  /** Likely duplicates of the card, with why each is suggested (MERGE-1). */
  router.get('/:id/duplicates', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see contacts');
    res.json({ duplicates: await findDuplicates(db, req.params.id) });
  });

  /** "Not a duplicate" (MERGE-8): the two cards are never hinted as possible duplicates again, for anyone; answers the card. */
  router.post('/:id/duplicate-hints/:otherId/dismiss', async (req, res) => {
    const principal = principalOf(req);
    const { id, otherId } = HintPair.parse(req.params);
    await dismissDuplicateHint(db, principal, id, otherId);
    res.json(await loadCustomerCard(db, id, principal));
  });

  /** What merging ?contactId= into this card would do, before confirming (MERGE-2). */
  router.get('/:id/merge', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see contacts');
    const { contactId, ...rest } = MergePreviewQuery.parse(req.query);
    res.json(await previewMerge(db, req.params.id, contactId, MergeWith.shape.keep.parse(keepFromQuery(rest))));
  });

  /** Merges the card `contactId` into this one, which survives, keeping the values chosen (MERGE-2, MERGE-3). */
  router.post('/:id/merge', async (req, res) => {
    const principal = principalOf(req);
    const { contactId, keep } = MergeWith.parse(req.body);
    const result = await contacts.merge(principal, req.params.id, contactId, keep);
    res.json({ mergeId: result.mergeId, card: await loadCustomerCard(db, req.params.id, principal) });
  });

  return router;
}
