import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The ways a number is commonly typed into a ServiceNow phone field, for an exact `IN` match.
 *
 * ServiceNow's customer_contact.phone, mobile_phone and the consumer phone fields are plain
 * strings holding whatever the agent or an import typed ("(803) 555-0101", "+1 803-555-0101",
 * "8035550101"); only the optional E.164 field type normalises. The Table API cannot compare
 * digits only, and a LIKE on the last digits scans the table and returns strangers. So we
 * query the usual renderings of the E.164 number, built from libphonenumber's national and
 * international groupings. A number stored in an unusual shape (with an extension, odd grouping)
 * is not found by phone; the e-mail and name still are.
 */
export function phoneRenderings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const cc = parsed.countryCallingCode;
  const national = parsed.formatNational(); // (803) 555-0101 · 020 7946 0018
  const groups = parsed.formatInternational().replace(`+${cc} `, ''); // 803 555 0101 · 20 7946 0018
  const nationalGroups = national.replace(/[()]/g, '').replace(/\s+/g, ' ').trim(); // 803 555-0101
  return [
    ...new Set([
      parsed.number, // +18035550101 (E.164 field type, careful imports)
      `+${cc} ${groups}`, // +1 803 555 0101
      `+${cc}-${groups.replace(/ /g, '-')}`, // +1-803-555-0101 (RFC 3966 style)
      `+${cc} ${groups.replace(/ /g, '-')}`, // +1 803-555-0101
      `+${cc} ${national}`, // +1 (803) 555-0101
      national,
      nationalGroups,
      nationalGroups.replace(/[ -]/g, '-'), // 803-555-0101
      nationalGroups.replace(/[ -]/g, '.'), // 803.555.0101
      national.replace(/\D/g, ''), // 8035550101 · 02079460018 (with trunk prefix)
      parsed.nationalNumber, // 2079460018
      `${cc}${parsed.nationalNumber}`, // 18035550101
    ]),
  ];
}
