import { notify, type Queryable } from '../../store/db';

/** The store channel on which changes to a card (merges, edits) are announced, with the contact id. */
export const CONTACT_CHANGED_CHANNEL = 'contact_changed';

export async function announceContactChanged(tx: Queryable, contactId: string): Promise<void> {
  await notify(tx, CONTACT_CHANGED_CHANNEL, contactId);
}
