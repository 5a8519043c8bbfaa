import type { Queryable } from '../../store/db';
import { canonicalIdOf, touchContact } from '../contacts/contacts-store';
import { notFound } from '../errors';
import { announceContactChanged, announceInteractionChanged } from '../changes';
import { findInteraction, setInteractionContact } from '../interactions/interactions-store';

/**
 * Re-attaches an interaction to another contact: a candidate or one found by search (ID-5).
 * Attaching to an alias attaches to its canonical contact. Runs in the caller's transaction (the
 * interaction is locked until it ends), so a contact created for it commits or rolls back with it.
 */
export async function reattachInteraction(tx: Queryable, interactionId: string, contactId: string): Promise<string> {
  const interaction = await findInteraction(tx, interactionId, true);
  if (!interaction) throw notFound(`interaction ${interactionId} does not exist`);
  const target = await canonicalIdOf(tx, contactId);
  if (!target) throw notFound(`contact ${contactId} does not exist`);
  await setInteractionContact(tx, interactionId, target);
  await touchContact(tx, target, interaction.stateChangedAt);
  await announceInteractionChanged(tx, interactionId);
  await announceContactChanged(tx, target); // its card gains the interaction (the card it left follows the interaction)
  return target;
}
