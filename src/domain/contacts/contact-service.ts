import type { Db, Queryable } from '../../store/db';
import { requirePermission } from '../access/permissions';
import type { ActingUser } from '../access/users';
import { loadInteractionCard } from '../cards/customer-card';
import { reattachInteraction } from '../identity/reattach';
import { mergeCards, type MergeResult } from '../merge/merge-cards';
import { mergeMany, type ManyMergeResult, type ValueChoices } from '../merge/merge-many';
import { undoMerge, type UndoResult } from '../merge/undo-merge';
import type { MergeChoices } from '../merge/plan';
import { createContact, type ContactInput } from './create';
import { deleteContact } from './delete';
import { editContact, type ContactEdit } from './edit';
import { promoteContact } from './promote';

/** What the service needs from the settings, handed in by the composition root so the domain imports no edge. */
export interface ContactSettings {
  /** Refuses a feature the admin switched off for the tenant (settings/features.ts). */
  requireFeature(feature: 'contacts.edit'): Promise<void>;
  /** The region a phone number without a country code is read in (settings/app-settings.ts). */
  defaultPhoneRegion(db: Queryable): Promise<string>;
}

export interface NewContact extends ContactInput {
  /** Attach this interaction to the new contact (Create contact from a card with no match). */
  interactionId?: string;
}

/**
 * What a user does to contacts (create, edit, delete, merge, re-attach, promote), for the tab's API
 * and the bot's card actions alike: each checks the permission and the admin's feature switch here,
 * that the user sees the interaction it touches (outside their divisions it does not exist for them),
 * and then changes the store in one transaction.
 */
export class ContactService {
  constructor(
    private readonly db: Db,
    private readonly settings: ContactSettings,
  ) {}

  /** Creates a curated contact (LOOK-3, FIELD-1); with an interaction, attaches it in the same transaction. Returns the contact's id. */
  async create(user: ActingUser, { interactionId, ...input }: NewContact): Promise<string> {
    requirePermission(user, 'contacts:add', 'add contacts');
    await this.settings.requireFeature('contacts.edit');
    if (interactionId) {
      requirePermission(user, 'interactions:link', 'attach the interaction to the new contact');
      await loadInteractionCard(this.db, interactionId, user); // not found outside the user's divisions, before anything is created
    }
    const region = await this.settings.defaultPhoneRegion(this.db);
    return this.db.transaction(async (tx) => {
      const id = await createContact(tx, input, region);
      if (interactionId) await reattachInteraction(tx, interactionId, id);
      return id;
    });
  }

  /** Edits the card (FIELD-1). */
  async edit(user: ActingUser, contactId: string, edit: ContactEdit): Promise<void> {
    requirePermission(user, 'contacts:edit', 'edit contacts');
    await this.settings.requireFeature('contacts.edit');
    await editContact(this.db, contactId, edit, await this.settings.defaultPhoneRegion(this.db));
  }

  /** Deletes the card; its interactions stay, attached to no contact. */
  async delete(user: ActingUser, contactId: string): Promise<void> {
    requirePermission(user, 'contacts:delete', 'delete contacts');
    await this.settings.requireFeature('contacts.edit');
    await deleteContact(this.db, contactId);
  }

  /** "Add to contacts" (ID-7). */
  async promote(user: ActingUser, contactId: string): Promise<void> {
    requirePermission(user, 'identity:promote', 'add this contact to contacts');
    await promoteContact(this.db, contactId);
  }

  /**
   * Merges the card `mergedId` into `survivorId`, which survives (MERGE-2, MERGE-3). The permission
   * it needs depends on the values the merge decides, so it is checked inside the merge's transaction.
   * `choices` names, per conflicting field, whose value the agent keeps.
   */
  merge(user: ActingUser, survivorId: string, mergedId: string, choices?: MergeChoices): Promise<MergeResult> {
    return mergeCards(this.db, user, survivorId, mergedId, choices);
  }

  /** Merges several cards into one at once (MERGE-7); `choices` names, per value, the card whose value stays. */
  mergeMany(user: ActingUser, survivorId: string, mergedIds: readonly string[], choices?: ValueChoices): Promise<ManyMergeResult> {
    return mergeMany(this.db, user, survivorId, mergedIds, choices);
  }

  /** Undoes a merge (MERGE-6): both cards as they were before it, later work kept on the survivor. */
  undoMerge(user: ActingUser, mergeId: string): Promise<UndoResult> {
    return undoMerge(this.db, user, mergeId);
  }

  /** Re-attaches the interaction to another contact (ID-5); returns the contact it is now attached to. */
  async reattach(user: ActingUser, interactionId: string, contactId: string): Promise<string> {
    requirePermission(user, 'interactions:link', 'attach interactions to contacts');
    await loadInteractionCard(this.db, interactionId, user); // not found outside the user's divisions
    return this.db.transaction((tx) => reattachInteraction(tx, interactionId, contactId));
  }
}
