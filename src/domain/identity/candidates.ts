import type { Queryable } from '../../store/db';
import { contactsHolding } from '../contacts/contacts-store';
import type { ContactType } from '../contacts/contact';
import type { Interaction } from '../interactions/interaction';

export interface Candidate {
  id: string;
  name: string | null;
  type: ContactType;
  createdAt: Date;
}

/** The other contacts holding the identifier that decided the interaction's contact (ID-4). */
export async function candidatesFor(tx: Queryable, interaction: Interaction): Promise<Candidate[]> {
  if (!interaction.matched) return [];
  const holders = await contactsHolding(tx, interaction.matched);
  return holders.filter((c) => c.id !== interaction.contactId);
}
