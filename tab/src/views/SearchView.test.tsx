import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../test-utils';
import { SearchView } from './SearchView';

const noFields = jest.fn().mockResolvedValue({ fields: [] });
const findsNoOne = jest.fn().mockResolvedValue({ contacts: [] });
// The new card is opened but not loaded here: what matters is that it opens.
const cardNeverLoads = () => new Promise<never>(() => undefined);

async function searchFor(query: string) {
  await userEvent.type(screen.getByRole('searchbox', { name: 'Name, phone number or e-mail address' }), query);
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
}

describe('SearchView with no match (issue #16)', () => {
  it('offers Create contact with the searched name, and opens the new card as a picked result', async () => {
    const createContact = jest.fn().mockResolvedValue({ contact: { id: 'new-id' } });
    await renderInApp(<SearchView />, { api: { search: findsNoOne, createContact, contactFields: noFields, contact: cardNeverLoads } });
    await searchFor('Lucy Steele');
    expect(await screen.findByText('No contact matches “Lucy Steele”.')).toBeInTheDocument();
    expect(within(screen.getByRole('form', { name: 'Create contact' })).getByLabelText(/Name/)).toHaveValue('Lucy Steele');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(createContact).toHaveBeenCalledWith({ name: 'Lucy Steele' });
    expect(await screen.findByRole('button', { name: 'Back to the results' })).toBeInTheDocument();
    expect(screen.queryByRole('search')).not.toBeInTheDocument();
  });

  it.each([
    ['+44 7700 900123', ['', '+44 7700 900123', '']],
    ['lucy@example.com', ['', '', 'lucy@example.com']],
  ])('pre-fills %s as what it reads as', async (query, [name, phone, email]) => {
    await renderInApp(<SearchView />, { api: { search: findsNoOne, contactFields: noFields } });
    await searchFor(query);
    const form = within(await screen.findByRole('form', { name: 'Create contact' }));
    expect(form.getByLabelText(/Name/)).toHaveValue(name);
    expect(form.getByLabelText('Phone')).toHaveValue(phone);
    expect(form.getByLabelText('E-mail')).toHaveValue(email);
  });

  it.each([
    ['without the contacts:add permission', { denied: ['contacts:add' as const] }],
    ['while the admin has switched contact editing off', { switchedOff: ['contacts.edit' as const] }],
  ])('offers no Create contact %s', async (_when, options) => {
    await renderInApp(<SearchView />, { api: { search: findsNoOne, contactFields: noFields }, ...options });
    await searchFor('Lucy Steele');
    expect(await screen.findByText('No contact matches “Lucy Steele”.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create contact' })).not.toBeInTheDocument();
  });
});
