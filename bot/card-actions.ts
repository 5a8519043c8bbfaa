import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { InteractionRecords } from '../src/crm/interaction-records';
import type { ActingUser } from '../src/domain/access/users';
import type { ContactService } from '../src/domain/contacts/contact-service';
import { findContact } from '../src/domain/contacts/contacts-store';
import { invalid } from '../src/domain/errors';
import { dismissDuplicateHint } from '../src/domain/merge/duplicate-hints';
import type { Db } from '../src/store/db';
import type { CardRef } from './card-views';
import type { Notice } from './cards/render';

const OnCard = z.object({ cardKind: z.enum(['contact', 'interaction']), cardId: z.string().trim().min(1).max(200) });
const Merge = OnCard.extend({ survivorId: z.uuid(), mergedId: z.uuid() });
/** Several cards ticked on the card (MERGE-7): Teams sends a multi-select input as its values joined by commas. */
const MergeMany = OnCard.extend({
  survivorId: z.uuid(),
  mergeIds: z.string().max(1000).transform((ids) => ids.split(',').map((id) => id.trim()).filter(Boolean)).pipe(z.array(z.uuid()).min(1, 'tick the cards to merge')),
});
const DismissDuplicate = OnCard.extend({ otherId: z.uuid() });
const OnRecord = OnCard.extend({ type: z.string().trim().min(1).max(64), id: z.string().trim().min(1).max(128) });

/** The card an action was pressed on; it is the card the answer shows again. */
export function cardOf(data: unknown): CardRef {
  return OnCard.parse(data);
}

/**
 * Does what a card action asks, as the user who pressed it, through the services the tab's API uses:
 * the same checks, transactions and audit. Returns the line the answered card shows, or nothing for a plain refresh.
 */
export async function performCardAction(
  deps: { db: Db; records: InteractionRecords; contacts: ContactService },
  user: ActingUser,
  verb: string,
  data: unknown,
  t: TFunction,
): Promise<Notice | undefined> {
  switch (verb) {
    case 'refresh':
    case 'showCard':
      return undefined;
    case 'merge': {
      const { survivorId, mergedId } = Merge.parse(data);
      const merged = await findContact(deps.db, mergedId);
      await deps.contacts.merge(user, survivorId, mergedId);
      return { style: 'good', text: t('notice.merged', { name: merged?.name ?? '—' }) };
    }
    case 'mergeMany': {
      const { survivorId, mergeIds } = MergeMany.parse(data);
      const names = await Promise.all(mergeIds.map(async (id) => (await findContact(deps.db, id))?.name ?? '—'));
      if (mergeIds.length === 1) await deps.contacts.merge(user, survivorId, mergeIds[0]!);
      else await deps.contacts.mergeMany(user, survivorId, mergeIds);
      return { style: 'good', text: t('notice.mergedMany', { names }) };
    }
    case 'dismissDuplicate': {
      const { cardId, otherId } = DismissDuplicate.parse(data);
      const other = await findContact(deps.db, otherId);
      await dismissDuplicateHint(deps.db, user, cardId, otherId);
      return { style: 'good', text: t('notice.dismissed', { name: other?.name ?? '—' }) };
    }
    case 'link': {
      const { cardId, type, id } = onInteraction(OnRecord.parse(data));
      const record = await deps.records.link(user, cardId, { type, id });
      return { style: 'good', text: t('notice.linked', { name: record.name ?? id }) };
    }
    case 'unlink': {
      const { cardId, type, id } = onInteraction(OnRecord.parse(data));
      const name = (await deps.records.links(cardId)).find((l) => l.type === type && l.id === id)?.name ?? id;
      await deps.records.unlink(user, cardId, { type, id });
      return { style: 'good', text: t('notice.unlinked', { name }) };
    }
    case 'relateTo': {
      const { cardId, type, id } = onInteraction(OnRecord.parse(data));
      const relations = await deps.records.relate(user, cardId, { type, id });
      return { style: 'good', text: t('notice.related', { name: relations.find((r) => r.type === type && r.id === id)?.name ?? id }) };
    }
    default:
      throw invalid(`this card has no action “${verb}”`, 'verb');
  }
}

/** CRM records are linked and related per interaction: these actions exist only on its card. */
function onInteraction<T extends CardRef>(data: T): T {
  if (data.cardKind !== 'interaction') throw invalid('CRM records are linked on an interaction’s card', 'cardKind');
  return data;
}
