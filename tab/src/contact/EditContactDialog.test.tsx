import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/client';
import type { CardFieldData, CustomerCardData } from '../api/types';
import { renderInApp } from '../test-utils';
import { EditContactDialog } from './EditContactDialog';

const field = (overrides: Partial<CardFieldData>): CardFieldData => ({
  ident: 'x', labels: { en: 'X' }, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: false, value: null, ...overrides,
});
const fields = [
  field({ ident: 'loyalty-tier', labels: { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'], value: 'Silver' }),
  field({ ident: 'billing-email', labels: { en: 'Billing e-mail', sv: 'Faktura-e-post' }, type: 'email' }),
  field({ ident: 'internal-code', labels: { en: 'Internal code' }, editable: false, value: 'IC-9' }),
];
const card: CustomerCardData = {
  contact: {
    id: 'c1', type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: '2026-11-21T09:00:00.000Z', lastInteractionAt: '2026-11-22T09:00:00.000Z',
    identifiers: [{ kind: 'email', value: 'edward@norland.example', display: 'edward@norland.example' }, { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }, { kind: 'cookie', value: 'gc_1', display: 'gc_1' }], expiresAt: null,
  },
  fields, resolvedFrom: null, interactions: [], visits: [], merges: [], notes: [], sentMessages: [],
};

describe('EditContactDialog', () => {
  it('is pre-filled, offers only editable fields, and saves what the agent changed', async () => {
    const editContact = jest.fn().mockResolvedValue(card);
    const onSaved = jest.fn();
    await renderInApp(<EditContactDialog card={card} onClose={() => undefined} onSaved={onSaved} />, { api: { editContact } });
    const dialog = screen.getByRole('dialog', { name: 'Edit Edward Ferrars' });
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('Edward Ferrars');
    expect(within(dialog).getByLabelText('Phone')).toHaveValue('+18035550142');
    expect(within(dialog).getByLabelText('E-mail')).toHaveValue('edward@norland.example');
    expect(within(dialog).getByRole('combobox', { name: 'Loyalty tier' })).toHaveTextContent('Silver');
    expect(within(dialog).queryByLabelText('Internal code')).not.toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Loyalty tier' }));
    await userEvent.click(screen.getByRole('option', { name: 'Gold' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add phone number' }));
    await userEvent.type(within(dialog).getByLabelText('Phone 2'), '+44 7700 900123');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove E-mail edward@norland.example' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(editContact).toHaveBeenCalledWith('c1', {
      name: 'Edward Ferrars',
      phones: ['+18035550142', '+44 7700 900123'],
      emails: [],
      fields: { 'loyalty-tier': 'Gold', 'billing-email': '' },
    });
    expect(onSaved).toHaveBeenCalled();
  });

  it('shows what the server refused beside the input, in the user\'s language', async () => {
    const editContact = jest.fn().mockRejectedValue(new ApiError({
      status: 400,
      errors: [{ field: 'phones.0', message: 'bad' }, { field: 'fields.billing-email', message: 'bad' }, { field: 'fields.loyalty-tier', message: 'bad' }],
    }));
    await renderInApp(<EditContactDialog card={card} onClose={() => undefined} onSaved={() => undefined} />, { api: { editContact }, locale: 'sv-SE' });
    // An empty line is not sent: the server's phones.0 is the second line.
    await userEvent.click(screen.getByRole('button', { name: 'Lägg till telefonnummer' }));
    await userEvent.clear(screen.getByLabelText('Telefon 1'));
    await userEvent.type(screen.getByLabelText('Telefon 2'), '12');
    await userEvent.type(screen.getByLabelText('Faktura-e-post'), 'accounts at norland');
    await userEvent.click(screen.getByRole('button', { name: 'Spara' }));

    expect(editContact.mock.calls[0][1]).toMatchObject({ phones: ['12'] });
    expect(await screen.findByText('Ange ett telefonnummer, t.ex. +1 803 555 0142.')).toBeInTheDocument();
    expect(screen.getByLabelText('Telefon 2')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Telefon 1')).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Ange en e-postadress, t.ex. namn@example.com.')).toBeInTheDocument();
    expect(screen.getByText('Välj ett av: Bronze, Silver, Gold.')).toBeInTheDocument();
  });

  it('says when another card already has the number', async () => {
    const editContact = jest.fn().mockRejectedValue(new ApiError({ status: 409, detail: 'taken', errors: [{ field: 'phones.0', message: 'taken' }] }));
    await renderInApp(<EditContactDialog card={card} onClose={() => undefined} onSaved={() => undefined} />, { api: { editContact } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Another card already has this. Merge the two cards instead.')).toBeInTheDocument();
  });
});
