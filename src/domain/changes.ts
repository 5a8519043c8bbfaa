import { notify, notifyEach, type Queryable } from '../store/db';

/** The store channel on which changes to a card (edits, merges, deletes, notes, messages) are announced, with the contact id. */
export const CONTACT_CHANGED_CHANNEL = 'contact_changed';
/** The store channel on which every change to an interaction is announced, with its id. */
export const INTERACTION_CHANGED_CHANNEL = 'interaction_changed';

/**
 * What must follow a change inside the transaction that makes it (the bot marks the cards it posted
 * in chats stale: bot/chat-follows.ts). A port, not an import, so the domain knows no edge; called in
 * the changing transaction rather than on the NOTIFY, so a change and its stale chat cards commit or
 * roll back together — a notification is lost with a broken connection, a row in the same transaction is not.
 */
export interface ChangeFollower {
  contactChanged(tx: Queryable, contactId: string): Promise<unknown>;
  interactionsChanged(tx: Queryable, interactionIds: string[]): Promise<unknown>;
}

const followers = new Set<ChangeFollower>();

/** Makes `follower` hear of every change announced from now on in this process; following twice is following once. */
export function followChanges(follower: ChangeFollower): void {
  followers.add(follower);
}

/**
 * Says once that what a card shows of a contact changed: open cards refresh (at commit) and every
 * follower hears of it in the caller's transaction. Announce before deleting the rows that lead
 * to the contact's interactions: followers find what to refresh through them.
 */
export async function announceContactChanged(tx: Queryable, contactId: string): Promise<void> {
  await notify(tx, CONTACT_CHANGED_CHANNEL, contactId);
  for (const follower of followers) await follower.contactChanged(tx, contactId);
}

/** Says once that an interaction or what its card shows changed: open cards refresh (at commit), followers hear of it in the caller's transaction. */
export async function announceInteractionChanged(tx: Queryable, interactionId: string): Promise<void> {
  await announceInteractionsChanged(tx, [interactionId]);
}

/** announceInteractionChanged for many (events applied in a batch), each said once, in a few statements. */
export async function announceInteractionsChanged(tx: Queryable, interactionIds: string[]): Promise<void> {
  if (interactionIds.length === 0) return;
  await notifyEach(tx, INTERACTION_CHANGED_CHANNEL, interactionIds);
  for (const follower of followers) await follower.interactionsChanged(tx, interactionIds);
}
