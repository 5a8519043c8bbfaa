import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/client';
import type { CardFieldData, CustomerCardData, MergeRecordData, UndoPreviewData } from '../api/types';
import { renderInApp } from '../test-utils';
import { MergeHistory } from './MergeHistory';

const tier: CardFieldData = {
  ident: 'loyalty-tier', labels: { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }, type: 'dropdown', options: ['Silver', 'Gold'],
  visibleInPanel: true, editable: true, visibleOnCard: false, value: 'Gold',
};
const merge: MergeRecordData = {
  id: 'm1', survivorId: 'c1', mergedId: 'c2', mergedName: 'Ed Ferrars', actor: { id: 'elinor', name: 'Elinor Dashwood' }, mergedAt: '2026-11-22T09:00:00.000Z',
  decisions: [
    { field: 'name', kept: 'Edward Ferrars', from: 'survivor', setAside: 'Ed Ferrars' },
    { field: 'fields.loyalty-tier', kept: 'Gold', from: 'survivor', setAside: 'Silver' },
    { field: 'fields.legacy-code', kept: 'A1', from: 'merged', setAside: 'B2' },
    { field: 'fields.city', kept: 'Norland', from: 'merged' },
  ],
  groupId: null,
  undone: null,
  undoable: true,
};
const history = (merges: MergeRecordData[]) => <MergeHistory contactId="c1" merges={merges} fields={[tier]} onChanged={() => undefined} />;

describe('MergeHistory', () => {
  it('names set-aside values by the field’s label in the user’s language, or its ident when it has no definition', async () => {
    await renderInApp(history([merge]), { locale: 'sv-SE' });
    expect(screen.getByText('Lojalitetsnivå: ”Gold” behölls, ”Silver” behölls inte.')).toBeInTheDocument();
    expect(screen.getByText('legacy-code: ”A1” från Ed Ferrars behölls, ”B2” behölls inte.')).toBeInTheDocument();
    expect(screen.getByText(/^Namn: ”Edward Ferrars” behölls/)).toBeInTheDocument();
  });

  it('names the merged card and the values this card took from it', async () => {
    await renderInApp(history([merge]), { locale: 'en-US' });
    expect(screen.getByText(/^Elinor Dashwood merged Ed Ferrars into this card on /)).toBeInTheDocument();
    expect(screen.getByText('legacy-code: kept “A1” from Ed Ferrars, set aside “B2”.')).toBeInTheDocument();
    expect(screen.getByText('city: “Norland” came from Ed Ferrars.')).toBeInTheDocument();
    expect(screen.getAllByText(/legacy-code/)).toHaveLength(1); // one line per value, saying both where it came from and what it replaced
    expect(screen.queryByText(/Loyalty tier: “Gold” came from/)).not.toBeInTheDocument();
  });

  it('says an unnamed merged card is unnamed, in the user’s language', async () => {
    await renderInApp(history([{ ...merge, mergedName: null }]), { locale: 'de-DE' });
    expect(screen.getByText(/^Elinor Dashwood hat am .* Unbekannter Kontakt mit dieser Karte zusammengeführt\.$/)).toBeInTheDocument();
  });

  it('offers Undo merge where a merge can be undone, says who undid one that was, and offers nothing without the permission', async () => {
    const undone = { ...merge, id: 'm0', mergedName: 'Lucy Steele', undoable: false, undone: { actor: { id: 'marianne', name: 'Marianne Dashwood' }, at: '2026-11-23T10:00:00.000Z' } };
    const { unmount } = await renderInApp(history([merge, undone]), { locale: 'en-US' });
    expect(screen.getAllByRole('button', { name: /^Undo the merge of/ }).map((b) => b.getAttribute('aria-label'))).toEqual(['Undo the merge of Ed Ferrars']);
    expect(screen.getByText(/^Marianne Dashwood undid this merge on /)).toBeInTheDocument();
    unmount();
    await renderInApp(history([merge]), { locale: 'en-US', denied: ['contacts:unmerge'] });
    expect(screen.queryByRole('button', { name: /^Undo the merge/ })).not.toBeInTheDocument();
  });

  it('says what the undo gives back and what later work stays before undoing', async () => {
    const preview: UndoPreviewData = {
      mergeId: 'm1', survivor: { id: 'c1', name: 'Edward Ferrars' }, merged: [{ id: 'c2', name: 'Ed Ferrars' }],
      decisions: [
        { kind: 'restored', field: 'fields.loyalty-tier', value: 'Silver' },
        { kind: 'kept', field: 'name', value: 'Edward R. Ferrars' },
        { kind: 'interactionReturns', interactionId: 'i9', channel: 'email', startedAt: '2026-11-24T08:30:00.000Z', identifier: { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' }, to: 'c2' },
        { kind: 'laterWorkKept', notes: 2, visits: 0, sentMessages: 1, identifiers: [] },
      ],
    };
    const undoMerge = jest.fn(async () => ({ undone: preview, card: {} as CustomerCardData }));
    const onChanged = jest.fn();
    await renderInApp(<MergeHistory contactId="c1" merges={[merge]} fields={[tier]} onChanged={onChanged} />, {
      locale: 'en-US', api: { previewUndoMerge: async () => preview, undoMerge },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Undo the merge of Ed Ferrars' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo the merge of Ed Ferrars' });
    expect(await screen.findByText(/^Ed Ferrars becomes a card of its own again/)).toBeInTheDocument();
    const decisions = screen.getByRole('list', { name: 'What else the undo does' });
    expect([...decisions.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Loyalty tier goes back to “Silver”.',
      'Name: “Edward R. Ferrars” was changed after the merge and is kept.',
      expect.stringMatching(/^The E-mail of .* came in on ed@norland\.example after the merge and goes back to Ed Ferrars\.$/),
      'Added after the merge, stays on this card: 2 notes and 1 sent message.',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(undoMerge).toHaveBeenCalledWith('c1', 'm1');
    expect(dialog).not.toBeInTheDocument();
  });

  it('explains a refusal because the card was merged into another since, and does not offer to confirm', async () => {
    const refused = new ApiError({ title: 'Conflict', status: 409, detail: 'undo that merge first', mergedInto: 'c9' });
    await renderInApp(history([merge]), { locale: 'en-US', api: { previewUndoMerge: async () => { throw refused; } } });
    await userEvent.click(screen.getByRole('button', { name: 'Undo the merge of Ed Ferrars' }));
    expect(await screen.findByText(/^This card was merged into another card since/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Undo merge' })).toBeDisabled();
  });

  it('offers one Undo merge for the cards merged in one action, naming them all', async () => {
    const first = { ...merge, id: 'm2', groupId: 'g1' };
    const second = { ...merge, id: 'm3', groupId: 'g1', mergedName: 'Lucy Steele' };
    await renderInApp(history([first, second]), { locale: 'en-US' });
    expect(screen.getAllByRole('button', { name: /^Undo the merge of/ }).map((b) => b.getAttribute('aria-label'))).toEqual(['Undo the merge of Ed Ferrars and Lucy Steele']);
  });
});
