/**
 * Dataverse keeps phone numbers as typed ("(555) 555-0142", "+44 20 7946 0958", "01 23 45 67 89"),
 * while we know them in E.164. No single contains() on a run of digits matches every rendering,
 * so the query asks for the last digits with a LIKE wildcard between each (any separators, any
 * grouping), and the code confirms each hit on the digits alone.
 */

/** Enough digits to tell numbers apart within a country; fewer is a local extension. */
const MIN_DIGITS = 7;

/** The digits of a number, without an extension ("x12", "ext. 12", "#12"). */
export function phoneDigits(value: string): string {
  const main = value.split(/ext|x|#|;/i)[0] ?? '';
  return main.replace(/\D/g, '');
}

/**
 * The LIKE pattern for contains(): the last 7 digits joined by % ("5%5%5%0%1%4%2"). It may also hit
 * other numbers that hold those digits in order; samePhone() weeds them out.
 */
export function phonePattern(e164: string): string | null {
  const digits = phoneDigits(e164);
  if (digits.length < MIN_DIGITS) return null;
  return digits.slice(-MIN_DIGITS).split('').join('%');
}

/**
 * Whether a stored number is this E.164 number: the same digits, or one ends with the other once
 * leading zeros are gone — stored numbers often lack the country code or carry a trunk prefix
 * ("020 7946 0958" for +44 20 7946 0958) or an international one ("0044 …", "011 1 …").
 */
export function samePhone(stored: string, e164: string): boolean {
  const query = phoneDigits(e164);
  const local = phoneDigits(stored).replace(/^0+/, '');
  if (local.length < MIN_DIGITS || query.length < MIN_DIGITS) return false;
  return query.endsWith(local) || local.endsWith(query);
}
