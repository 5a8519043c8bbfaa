import { Toaster } from '@fluentui/react-components';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type ApiClient } from '../api/client';
import type { CustomerCardData, MergePreviewData } from '../api/types';
import { renderInApp } from '../test-utils';
import { TOASTER_ID } from '../toaster';
import { CustomerCard } from './CustomerCard';

const edward: CustomerCardData['contact'] = {
  id: 'new-card', type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: '2026-11-21T09:00:00.000Z',
  lastInteractionAt: '2026-11-21T09:00:00.000Z', identifiers: [{ kind: 'phone', value: '+18035550199', display: '+1 803 555 0199' }], expiresAt: null,
};
const known = {
  id: 'known-card', type: 'curated' as const, name: 'Edward Ferrars', createdAt: '2025-01-02T09:00:00.000Z',
  identifiers: [{ kind: 'phone' as const, value: '+18035550142', display: '+1 803 555 0142' }],
};
const ed = { ...known, id: 'ed-card', name: 'Ed Ferrars', identifiers: [{ kind: 'email' as const, value: 'ed@norland.example', display: 'ed@norland.example' }] };
const card: CustomerCardData = {
  contact: edward, fields: [], resolvedFrom: null, interactions: [], visits: [], merges: [], notes: [], sentMessages: [],
  duplicateHints: [
    { contact: known, reason: { kind: 'sameName', differing: 'phone' } },
    { contact: ed, reason: { kind: 'similarName', domain: 'norland.example' } },
  ],
};
const preview: MergePreviewData = {
  plan: { survivorId: edward.id, mergedId: known.id, requires: 'contacts:merge', decisions: [], identifiers: [...edward.identifiers, ...known.identifiers] },
  interactions: { survivor: 0, merged: 2 },
};

async function renderCard(api: Partial<ApiClient>, onRefresh = jest.fn()) {
  await renderInApp(
    <>
      <CustomerCard card={card} onRefresh={onRefresh} />
      <Toaster toasterId={TOASTER_ID} />
    </>,
    { api },
  );
  return onRefresh;
}

describe('possible-duplicate hints on the card (MERGE-8)', () => {
  it('names each possible duplicate and why', async () => {
    await renderCard({});
    expect(screen.getAllByText('Possible duplicate')).toHaveLength(2);
    expect(screen.getByText('Edward Ferrars (+1 803 555 0142) — same name, different phone number')).toBeInTheDocument();
    expect(screen.getByText('Ed Ferrars (ed@norland.example) — similar name, same e-mail domain norland.example')).toBeInTheDocument();
  });

  it('Review merge opens the merge preview with that card picked, by keyboard', async () => {
    const previewMerge = jest.fn(async () => preview);
    await renderCard({ previewMerge });
    screen.getByRole('button', { name: 'Review merge with Edward Ferrars' }).focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const survivor = await within(dialog).findByRole('radiogroup', { name: 'Which card stays?' });
    expect(within(survivor).getByRole('radio', { name: /\+1 803 555 0142/ })).not.toBeChecked(); // the hinted card, picked
    expect(within(survivor).getByRole('radio', { name: /\+1 803 555 0199/ })).toBeChecked(); // the open card stays by default
    await waitFor(() => expect(previewMerge).toHaveBeenCalledWith(edward.id, known.id));
  });

  it('Dismiss records it, hides the hint, says so and keeps focus in the hints', async () => {
    const dismissDuplicateHint = jest.fn(async () => card);
    const onRefresh = await renderCard({ dismissDuplicateHint });
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: Edward Ferrars is not a duplicate' }));

    expect(dismissDuplicateHint).toHaveBeenCalledWith(edward.id, known.id);
    expect(await screen.findByText('Edward Ferrars is no longer suggested as a duplicate of this card.')).toBeInTheDocument();
    expect(screen.queryByText('Edward Ferrars (+1 803 555 0142) — same name, different phone number')).not.toBeInTheDocument();
    // Focus moved to the hints that are left, not to the page.
    expect(document.activeElement).toContainElement(screen.getByText('Ed Ferrars (ed@norland.example) — similar name, same e-mail domain norland.example'));
    expect(onRefresh).toHaveBeenCalled();
  });

  it('keeps the hint and says why when dismissing fails', async () => {
    const dismissDuplicateHint = jest.fn(async () => {
      throw new ApiError({ status: 403, title: 'Forbidden', detail: 'you need the contacts:merge permission (or identity:merge) to dismiss a possible duplicate' });
    });
    await renderCard({ dismissDuplicateHint });
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: Edward Ferrars is not a duplicate' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByText('Edward Ferrars (+1 803 555 0142) — same name, different phone number')).toBeInTheDocument();
  });

  it('shows no hints on a card without them', async () => {
    await renderInApp(<CustomerCard card={{ ...card, duplicateHints: undefined }} onRefresh={() => undefined} />);
    expect(screen.queryByText('Possible duplicate')).not.toBeInTheDocument();
  });
});
