import type { ContactSummaryData } from '../api/types';
import { displayIdentifier } from '../i18n/format';

/** A card's identifiers on one line, to tell cards with the same name apart (web cookies say nothing to people). */
export const identifiersLine = (contact: Pick<ContactSummaryData, 'identifiers'>) =>
  contact.identifiers.filter((i) => i.kind !== 'cookie').map((i) => displayIdentifier(i)).join(' · ');
