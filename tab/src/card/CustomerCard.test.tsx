import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CardFieldData, CustomerCardData, InteractionCardData } from '../api/types';
import { renderInApp } from '../test-utils';
import { CustomerCard } from './CustomerCard';

const contact: CustomerCardData['contact'] = {
  id: 'c1',
  type: 'identified',
  name: 'Edward Ferrars',
  fields: { city: 'Barton', vip: '' },
  aliasOf: null,
  createdAt: '2026-11-21T09:00:00.000Z',
  lastInteractionAt: '2026-11-22T09:00:00.000Z',
  identifiers: [{ kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }],
  expiresAt: null,
};

const call: InteractionCardData['interaction'] = {
  id: 'call-1', contactId: 'c1', channel: 'voice', division: 'support-emea', direction: 'inbound', state: 'active',
  stateChangedAt: '2026-11-22T09:00:00.000Z', agent: { id: 'elinor', name: 'Elinor Dashwood' },
  matched: { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }, providedContact: {}, startedAt: '2026-11-22T09:00:00.000Z',
  endedAt: null, acwCompletedAt: null,
};

const loyaltyTier: CardFieldData = {
  ident: 'loyalty-tier', labels: { en: 'Loyalty tier', de: 'Treuestufe' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'],
  visibleInPanel: true, editable: true, visibleOnCard: true, value: 'Gold',
};
const fields: CardFieldData[] = [
  loyaltyTier,
  { ...loyaltyTier, ident: 'internal-code', labels: { en: 'Internal code' }, type: 'text', visibleInPanel: false, value: 'IC-9' },
  { ...loyaltyTier, ident: 'vip', labels: { en: 'VIP' }, type: 'text', value: null },
  { ...loyaltyTier, ident: 'city', labels: { en: 'city' }, type: 'text', editable: false, value: 'Barton' },
];
const card: CustomerCardData = { contact, fields, resolvedFrom: null, interactions: [call], visits: [], merges: [], notes: [], sentMessages: [] };
const current: InteractionCardData = { interaction: call, messages: [], card, candidates: [] };

describe('CustomerCard', () => {
  it('shows only the fields that have values', async () => {
    await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Edward Ferrars' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Phone' })).toHaveTextContent('+1 803 555 0142');
    expect(screen.getByRole('group', { name: 'Loyalty tier' })).toHaveTextContent('Gold');
    expect(screen.getByRole('group', { name: 'city' })).toHaveTextContent('Barton'); // sent by the platform, no field defined
    expect(screen.queryByRole('group', { name: 'VIP' })).not.toBeInTheDocument(); // empty custom field
    expect(screen.queryByRole('group', { name: 'Internal code' })).not.toBeInTheDocument(); // not for the side panel
    expect(screen.queryByRole('group', { name: 'E-mail' })).not.toBeInTheDocument(); // no e-mail known
    expect(screen.queryByRole('group', { name: 'Duration' })).not.toBeInTheDocument(); // still going
  });

  it('offers the journey (with the call on it) only to those with journey:view, and sending a message only while switched on', async () => {
    const { unmount } = await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Journey' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send a message' })).toBeInTheDocument();
    unmount();
    await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />, { denied: ['journey:view'], switchedOff: ['outbound.messages'] });
    expect(screen.queryByRole('button', { name: 'Journey' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send a message' })).not.toBeInTheDocument();
  });

  it('has expandable sections, and the current interaction is not repeated among related ones', async () => {
    await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />);
    const related = screen.getByRole('button', { name: 'Related interactions' });
    expect(related).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('No other interactions.')).toBeInTheDocument();
    await userEvent.click(related);
    expect(related).toHaveAttribute('aria-expanded', 'false');
  });

  it('tells how many notes a folded Notes section holds, in words for screen readers', async () => {
    const note = (id: string) => ({ id, contactId: contact.id, authorId: 'elinor', authorName: 'Elinor Dashwood', text: 'Called back.', createdAt: '2026-11-20T09:00:00.000Z', editedAt: null });
    const { unmount } = await renderInApp(<CustomerCard card={{ ...card, notes: [note('n1'), note('n2')] }} current={current} onRefresh={() => undefined} />);
    const notes = screen.getByRole('button', { name: /^Notes/ });
    expect(notes).toHaveAttribute('aria-expanded', 'false');
    expect(within(notes).getByLabelText('2 notes')).toHaveTextContent('2');
    unmount();
    await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Notes' })).toBeInTheDocument(); // none: no count
  });

  it('names its icon buttons, refreshes on request, and opens the merge dialog', async () => {
    const onRefresh = jest.fn();
    const duplicates = jest.fn().mockResolvedValue({ duplicates: [] });
    await renderInApp(<CustomerCard card={card} onRefresh={onRefresh} />, { api: { duplicates } });
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Copy Phone +18035550142' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    expect(await screen.findByRole('dialog', { name: 'Merge Edward Ferrars with another card' })).toBeInTheDocument();
  });

  it('offers no Merge to a user who may not merge', async () => {
    await renderInApp(<CustomerCard card={card} onRefresh={() => undefined} />, { denied: ['contacts:merge', 'identity:merge'] });
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Merge' })).not.toBeInTheDocument();
  });

  it('speaks the user\'s language, with dates in their locale', async () => {
    await renderInApp(<CustomerCard card={card} current={current} onRefresh={() => undefined} />, { locale: 'de-DE' });
    const started = screen.getByRole('group', { name: 'Beginn' });
    expect(within(started).getByText('22.11.2026, 09:00')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Treuestufe' })).toHaveTextContent('Gold'); // the admin's German label
  });

  it('offers Edit and Delete only to users allowed to, while the admin allows contact editing', async () => {
    const { unmount } = await renderInApp(<CustomerCard card={card} onRefresh={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Edit contact' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete contact' })).toBeInTheDocument();
    unmount();

    const { unmount: again } = await renderInApp(<CustomerCard card={card} onRefresh={() => undefined} />, { denied: ['contacts:delete'] });
    expect(screen.getByRole('button', { name: 'Edit contact' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete contact' })).not.toBeInTheDocument();
    again();

    await renderInApp(<CustomerCard card={card} onRefresh={() => undefined} />, { switchedOff: ['contacts.edit'] });
    expect(screen.queryByRole('button', { name: 'Edit contact' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete contact' })).not.toBeInTheDocument();
  });

  it('deletes the contact once confirmed', async () => {
    const deleteContact = jest.fn().mockResolvedValue(undefined);
    const onDeleted = jest.fn();
    await renderInApp(<CustomerCard card={card} onRefresh={() => undefined} onDeleted={onDeleted} />, { api: { deleteContact } });
    await userEvent.click(screen.getByRole('button', { name: 'Delete contact' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete Edward Ferrars?' });
    expect(dialog).toHaveTextContent('Its interactions stay');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(deleteContact).toHaveBeenCalledWith('c1');
    expect(onDeleted).toHaveBeenCalled();
  });
});
