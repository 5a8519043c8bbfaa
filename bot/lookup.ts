import { requirePermission } from '../src/domain/access/permissions';
import { loadCustomerCard, type CardViewer, type CustomerCard } from '../src/domain/cards/customer-card';
import { lookupIdentifier } from '../src/domain/cards/lookup';
import { searchContacts, type ContactSummary } from '../src/domain/contacts/search';
import { normalizeEmail, normalizePhone } from '../src/domain/identity/identifiers';
import type { DefaultPhoneRegion } from '../src/settings/app-settings';
import type { Db } from '../src/store/db';

export type LookupAnswer =
  | { kind: 'one'; card: CustomerCard }
  | { kind: 'many'; matches: ContactSummary[] }
  | { kind: 'none'; createParams: Record<string, string> };

/**
 * What the bot answers to a name, phone number or e-mail address (BOT-1, LOOK-1 … LOOK-3): an address
 * or a number is looked up as an identifier (any format), anything else searched as a name.
 */
export async function lookupForChat(db: Db, text: string, defaultPhoneRegion: DefaultPhoneRegion, viewer: CardViewer): Promise<LookupAnswer> {
  requirePermission(viewer, 'contacts:view', 'look up contacts');
  const region = await defaultPhoneRegion(db);
  const identifier = asIdentifier(text, region);
  const matches = identifier
    ? (await lookupIdentifier(db, identifier, viewer.divisions)).matches
    : await searchContacts(db, text, region);
  if (matches.length === 1) return { kind: 'one', card: await loadCustomerCard(db, matches[0]!.id, viewer) };
  if (matches.length > 1) return { kind: 'many', matches };
  return { kind: 'none', createParams: identifier ? { [identifier.kind]: text } : { name: text } };
}

function asIdentifier(text: string, region: string): { kind: 'phone' | 'email'; value: string } | null {
  try {
    if (text.includes('@')) return { kind: 'email', value: normalizeEmail(text) };
    if (/^[+\d][\d\s().-]{5,}$/.test(text)) return { kind: 'phone', value: normalizePhone(text, region) };
  } catch {
    return null; // not a well-formed address or number: search it as a name
  }
  return null;
}
