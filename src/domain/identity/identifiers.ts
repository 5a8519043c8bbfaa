import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { invalid } from '../errors';

export const IDENTIFIER_KINDS = ['phone', 'email', 'social', 'cookie'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** An identifier in its canonical form: the form stored and compared. */
export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/** An identifier as read back for people: the canonical value (copied, dialled, matched) and how it reads. */
export interface DisplayedIdentifier extends Identifier {
  display: string;
}

/**
 * How an identifier reads, computed once here so every card, list and chat shows it alike: a phone
 * number in international format (+1 803 555 0142), a social id as "network · id", others as stored.
 */
export function displayed({ kind, value }: Identifier): DisplayedIdentifier {
  return { kind, value, display: displayText(kind, value) };
}

function displayText(kind: IdentifierKind, value: string): string {
  switch (kind) {
    case 'phone':
      return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
    case 'social':
      return value.replace(':', ' · ');
    default:
      return value;
  }
}

/** Identifiers as the contact-center platform provides them, in any common format. */
export interface ProvidedIdentifiers {
  phone?: string;
  email?: string;
  social?: { network: string; id: string };
  cookie?: string;
}

/**
 * E.164 (`+18031230000`). Numbers without a country code are read in `defaultRegion`.
 * Possible rather than valid: contact centers see test ranges and new number blocks that the
 * validity metadata rejects (+1 803-123-0000 has an exchange code starting with 1).
 */
export function normalizePhone(raw: string, defaultRegion: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) {
    throw invalid(`"${raw}" is not a phone number (read with default region ${defaultRegion})`, 'phone');
  }
  return parsed.number;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** Trimmed and case-folded: mailboxes are compared case-insensitively in practice. */
export function normalizeEmail(raw: string): string {
  const folded = raw.trim().normalize('NFC').toLowerCase();
  if (!EMAIL_SHAPE.test(folded)) throw invalid(`"${raw}" is not an e-mail address`, 'email');
  return folded;
}

/** Social ids are only unique within their network, so the network is part of the value. */
export function normalizeSocial(network: string, id: string): string {
  const net = network.trim().toLowerCase();
  const sid = id.trim();
  if (!/^[a-z0-9._-]+$/.test(net)) throw invalid(`"${network}" is not a social network name`, 'social.network');
  if (sid === '') throw invalid('social id is empty', 'social.id');
  return `${net}:${sid}`;
}

export function normalizeCookie(raw: string): string {
  const cookie = raw.trim();
  if (cookie === '') throw invalid('cookie is empty', 'cookie');
  return cookie;
}

/** All provided identifiers in canonical form, in the order given by IDENTIFIER_KINDS. */
export function normalizeIdentifiers(provided: ProvidedIdentifiers, defaultRegion: string): Identifier[] {
  const identifiers: Identifier[] = [];
  if (provided.phone !== undefined) identifiers.push({ kind: 'phone', value: normalizePhone(provided.phone, defaultRegion) });
  if (provided.email !== undefined) identifiers.push({ kind: 'email', value: normalizeEmail(provided.email) });
  if (provided.social !== undefined) {
    identifiers.push({ kind: 'social', value: normalizeSocial(provided.social.network, provided.social.id) });
  }
  if (provided.cookie !== undefined) identifiers.push({ kind: 'cookie', value: normalizeCookie(provided.cookie) });
  return identifiers;
}

/** Normalises one identifier given as kind + raw text (lookups and searches). */
export function normalizeIdentifier(kind: IdentifierKind, raw: string, defaultRegion: string): Identifier {
  switch (kind) {
    case 'phone':
      return { kind, value: normalizePhone(raw, defaultRegion) };
    case 'email':
      return { kind, value: normalizeEmail(raw) };
    case 'social': {
      const colon = raw.indexOf(':');
      if (colon < 1) throw invalid('a social identifier is written network:id', 'social');
      return { kind, value: normalizeSocial(raw.slice(0, colon), raw.slice(colon + 1)) };
    }
    case 'cookie':
      return { kind, value: normalizeCookie(raw) };
  }
}
