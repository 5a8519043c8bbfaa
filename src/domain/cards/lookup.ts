import type { Db } from '../../store/db';
import { contactsHolding } from '../contacts/contacts-store';
import { contactSummaries, type ContactSummary } from '../contacts/search';
import { displayed, type DisplayedIdentifier, type Identifier } from '../identity/identifiers';
import type { Interaction } from '../interactions/interaction';
import { listIdentifierInteractions } from '../interactions/interactions-store';
import type { DivisionFilter } from '../access/users';

/** What a lookup by phone or e-mail finds (LOOK-1 … LOOK-3). */
export interface LookupResult {
  identifier: DisplayedIdentifier;
  /** One: show the card. Several: a list to pick from, first-created first. None: see history. */
  matches: ContactSummary[];
  /** Interactions that came in with this identifier, newest first (shown when nothing matches). */
  history: Interaction[];
}

export async function lookupIdentifier(db: Db, identifier: Identifier, divisions: DivisionFilter): Promise<LookupResult> {
  const holders = await contactsHolding(db, identifier);
  const matches = await contactSummaries(db, holders.map((h) => h.id));
  const history = (await listIdentifierInteractions(db, identifier)).filter((i) => divisions === '*' || divisions.includes(i.division));
  return { identifier: displayed(identifier), matches, history };
}
