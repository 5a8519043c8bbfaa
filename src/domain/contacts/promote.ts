import type { Db } from '../../store/db';
import { announceContactChanged } from '../changes';
import { conflict, notFound } from '../errors';
import { findContact, setContactType } from './contacts-store';

/** "Add to contacts": an auto-created or ephemeral contact becomes curated (ID-7). */
export async function promoteContact(db: Db, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const contact = await findContact(tx, contactId, { forUpdate: true });
    if (!contact) throw notFound(`contact ${contactId} does not exist`);
    if (contact.aliasOf) throw conflict(`contact ${contactId} was merged into ${contact.aliasOf}; promote that contact instead`);
    if (contact.type === 'curated' || contact.type === 'canonical') {
      throw conflict(`contact ${contactId} is already ${contact.type}`);
    }
    await setContactType(tx, contactId, 'curated');
    await announceContactChanged(tx, contactId);
  });
}
