import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type ApiClient } from '../api/client';
import type { CustomerCardData, ManyMergePreviewData, MergePreviewData } from '../api/types';
import { renderInApp } from '../test-utils';
import { MergeDialog } from './MergeDialog';

const open = { id: 'call-card', name: 'Edward Ferrars', identifiers: '+1 803-555-0142' };
const ed = { id: 'mail-card', type: 'identified' as const, name: 'Ed Ferrars', createdAt: '2026-11-21T09:00:00.000Z', identifiers: [{ kind: 'email' as const, value: 'ed@norland.example', display: 'ed@norland.example' }] };

/** The preview by the rule alone: the survivor's value wherever the cards disagree. */
function previewFor(survivorId: string): MergePreviewData {
  const survivorIsOpen = survivorId === open.id;
  const [mine, theirs] = survivorIsOpen ? ['Edward Ferrars', 'Ed Ferrars'] : ['Ed Ferrars', 'Edward Ferrars'];
  return {
    plan: {
      survivorId, mergedId: survivorIsOpen ? ed.id : open.id, requires: 'contacts:merge',
      decisions: [{ field: 'name', kept: mine, from: 'survivor', setAside: theirs }, { field: 'fields.city', kept: 'Barton', from: survivorIsOpen ? 'survivor' : 'merged' }],
      identifiers: [{ kind: 'phone', value: '+18035550142', display: '+1 803-555-0142' }, { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' }],
    },
    interactions: { survivor: 1, merged: 1 },
  };
}

function anApi(merge: ApiClient['merge']): Partial<ApiClient> {
  return {
    duplicates: async () => ({ duplicates: [{ contact: ed, reasons: [{ kind: 'name', similarity: 0.8 }] }] }),
    previewMerge: async (survivorId: string) => previewFor(survivorId),
    merge,
  };
}

async function pickEd() {
  await userEvent.click(await screen.findByRole('button', { name: /Ed Ferrars/ }));
  return screen.findByRole('radiogroup', { name: 'Which card stays?' });
}

describe('MergeDialog', () => {
  it('lets the agent keep the other card and, field by field, the value to keep — by keyboard', async () => {
    const merged = { mergeId: 'm1', card: { contact: { id: ed.id } } as CustomerCardData };
    const merge = jest.fn(async () => merged);
    const onMerged = jest.fn();
    await renderInApp(<MergeDialog card={open} fields={[]} onClose={() => undefined} onMerged={onMerged} />, { api: anApi(merge) });

    const survivor = await pickEd();
    expect(within(survivor).getByRole('radio', { name: /Edward Ferrars/ })).toBeChecked();
    // The survivor flips with the arrow keys, as in any radio group.
    within(survivor).getByRole('radio', { name: /Edward Ferrars/ }).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(within(survivor).getByRole('radio', { name: /^Ed Ferrars/ })).toBeChecked();
    await screen.findByText('Merge Edward Ferrars into Ed Ferrars. Edward Ferrars then resolves to Ed Ferrars; nothing is deleted.');

    const name = await screen.findByRole('radiogroup', { name: 'Name' });
    expect(within(name).getByRole('radio', { name: 'Ed Ferrars — from Ed Ferrars' })).toBeChecked(); // the survivor's, by default
    await userEvent.click(within(name).getByRole('radio', { name: 'Edward Ferrars — from Edward Ferrars' }));
    expect(screen.getByText('Barton')).toBeInTheDocument(); // a value only one card has is simply kept

    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(onMerged).toHaveBeenCalledWith(merged.card));
    expect(merge).toHaveBeenCalledWith(ed.id, open.id, { name: 'merged' });
  });

  it('a choice follows the card, not the side, when the agent swaps which card stays', async () => {
    const merge = jest.fn(async () => ({ mergeId: 'm1', card: {} as CustomerCardData }));
    await renderInApp(<MergeDialog card={open} fields={[]} onClose={() => undefined} onMerged={() => undefined} />, { api: anApi(merge) });
    const survivor = await pickEd();
    await userEvent.click(within(await screen.findByRole('radiogroup', { name: 'Name' })).getByRole('radio', { name: /^Ed Ferrars — from Ed Ferrars/ }));
    await userEvent.click(within(survivor).getByRole('radio', { name: /^Ed Ferrars/ }));
    await waitFor(() => expect(within(screen.getByRole('radiogroup', { name: 'Name' })).getByRole('radio', { name: 'Ed Ferrars — from Ed Ferrars' })).toBeChecked());
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(merge).toHaveBeenCalledWith(ed.id, open.id, { name: 'survivor' }));
  });

  it('a card merged meanwhile is named by what to do, with a way to open the card it went into — no raw id', async () => {
    const merge = jest.fn(async () => {
      throw new ApiError({ status: 409, detail: 'this card was merged into fcf4874c-0000-4000-8000-000000000000; open that card to merge into it', mergedInto: 'fcf4874c-0000-4000-8000-000000000000' });
    });
    const onOpenCard = jest.fn();
    await renderInApp(<MergeDialog card={open} fields={[]} onClose={() => undefined} onMerged={() => undefined} onOpenCard={onOpenCard} />, { api: anApi(merge) });
    await pickEd();
    await screen.findByRole('radiogroup', { name: 'Name' });
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('One of these cards was merged into another card meanwhile.');
    expect(alert).not.toHaveTextContent('fcf4874c');
    await userEvent.click(within(alert).getByRole('button', { name: 'Open that card' }));
    expect(onOpenCard).toHaveBeenCalledWith('fcf4874c-0000-4000-8000-000000000000');
  });

  it('merges several ticked cards at once: one preview with every card\'s value, one merge', async () => {
    const lucy = { ...ed, id: 'sms-card', name: 'E. Ferrars', identifiers: [{ kind: 'phone' as const, value: '+18035550199', display: '+1 803-555-0199' }] };
    const preview: ManyMergePreviewData = {
      survivorId: open.id,
      cards: [open.id, ed.id, lucy.id].map((id) => ({ id, name: null, identifiers: [], interactions: 2 })),
      values: [
        { field: 'name', values: [{ contactId: open.id, value: 'Edward Ferrars' }, { contactId: ed.id, value: 'Ed Ferrars' }, { contactId: lucy.id, value: 'E. Ferrars' }], keptFrom: open.id },
        { field: 'fields.city', values: [{ contactId: ed.id, value: 'Barton' }], keptFrom: ed.id },
      ],
      identifiers: [{ kind: 'phone', value: '+18035550142', display: '+1 803-555-0142' }],
      requires: ['contacts:merge'],
    };
    const result = { groupId: 'g1', mergeIds: ['m1', 'm2'], card: { contact: { id: open.id } } as CustomerCardData };
    const mergeMany = jest.fn(async () => result);
    const previewMergeMany = jest.fn(async () => preview);
    const onMerged = jest.fn();
    await renderInApp(<MergeDialog card={open} fields={[]} onClose={() => undefined} onMerged={onMerged} />, {
      api: { duplicates: async () => ({ duplicates: [{ contact: ed, reasons: [] }, { contact: lucy, reasons: [] }] }), previewMergeMany, mergeMany },
    });
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Select Ed Ferrars to merge' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select E. Ferrars to merge' }));
    await userEvent.click(screen.getByRole('button', { name: 'Merge 3 cards' }));

    expect(await screen.findByText('Merge 2 cards into Edward Ferrars in one step; one undo undoes them all.')).toBeInTheDocument();
    expect(previewMergeMany).toHaveBeenCalledWith(open.id, [ed.id, lucy.id]);
    const name = await screen.findByRole('radiogroup', { name: 'Name' });
    expect(within(name).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual([open.id, ed.id, lucy.id]);
    expect(within(name).getByRole('radio', { name: 'Edward Ferrars — from Edward Ferrars' })).toBeChecked();
    await userEvent.click(within(name).getByRole('radio', { name: 'E. Ferrars — from E. Ferrars' }));
    expect(screen.getByText('Barton')).toBeInTheDocument();
    expect(screen.getByText('6 interactions on these cards.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Merge 3 cards' }));
    await waitFor(() => expect(onMerged).toHaveBeenCalledWith(result.card));
    expect(mergeMany).toHaveBeenCalledWith(open.id, [ed.id, lucy.id], { name: lucy.id });
  });
});
