import type { Channel, Direction } from '../channels';
import type { DisplayedIdentifier, ProvidedIdentifiers } from '../identity/identifiers';
import type { Lifecycle } from './lifecycle';

/** The contact data the platform provided with an interaction, kept as given (LOOK-3). */
export interface ProvidedContact extends ProvidedIdentifiers {
  name?: string;
  fields?: Record<string, string>;
}

export interface Interaction extends Lifecycle {
  id: string;
  contactId: string | null;
  channel: Channel;
  division: string;
  direction: Direction;
  matched: DisplayedIdentifier | null;
  providedContact: ProvidedContact;
  startedAt: Date;
}

export interface Message {
  id: string;
  direction: Direction;
  subject: string | null;
  text: string;
  sentAt: Date;
}
