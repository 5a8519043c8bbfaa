import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/client';
import type { CardFieldData } from '../api/types';
import { renderInApp } from '../test-utils';
import { NoMatch } from './NoMatch';

const noFields = jest.fn().mockResolvedValue({ fields: [] });
const tier: CardFieldData = {
  ident: 'loyalty-tier', labels: { en: 'Loyalty tier' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'],
  visibleInPanel: true, editable: true, visibleOnCard: true, value: null,
};

describe('NoMatch', () => {
  it('pre-fills Create contact with the provided data and reports the new contact', async () => {
    const createContact = jest.fn().mockResolvedValue({ contact: { id: 'new-id' } });
    const onCreated = jest.fn();
    await renderInApp(
      <NoMatch identifier={{ kind: 'email', value: 'lucy@example.com', display: 'lucy@example.com' }} history={[]} provided={{ name: 'Lucy Steele', email: 'lucy@example.com' }} interactionId="int-1" onCreated={onCreated} />,
      { api: { createContact, contactFields: noFields } },
    );
    expect(screen.getByText('No contact has the e-mail address lucy@example.com.')).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Create contact' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Name/)).toHaveValue('Lucy Steele');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(createContact).toHaveBeenCalledWith({ name: 'Lucy Steele', email: 'lucy@example.com', interactionId: 'int-1' });
    expect(onCreated).toHaveBeenCalledWith('new-id');
  });

  it('shows the field the server refused in the user\'s language', async () => {
    const createContact = jest.fn().mockRejectedValue(new ApiError({ status: 400, errors: [{ field: 'phone', message: 'bad' }] }));
    await renderInApp(<NoMatch identifier={null} history={[]} provided={{ name: 'X', phone: '12' }} onCreated={() => undefined} />, { api: { createContact, contactFields: noFields }, locale: 'sv-SE' });
    await userEvent.click(screen.getByRole('button', { name: 'Skapa kontakt' }));
    expect(await screen.findByText(/Ange ett telefonnummer/)).toBeInTheDocument();
  });

  it('offers the custom fields agents fill in, sends what was chosen, and names a refused value beside its input', async () => {
    const createContact = jest.fn()
      .mockRejectedValueOnce(new ApiError({ status: 400, errors: [{ field: 'fields.loyalty-tier', message: 'not an option' }] }))
      .mockResolvedValueOnce({ contact: { id: 'new-id' } });
    await renderInApp(
      <NoMatch identifier={null} history={[]} provided={{ name: 'Lucy Steele' }} onCreated={() => undefined} />,
      { api: { createContact, contactFields: jest.fn().mockResolvedValue({ fields: [tier] }) } },
    );
    await userEvent.click(await screen.findByRole('combobox', { name: 'Loyalty tier' }));
    await userEvent.click(screen.getByRole('option', { name: 'Gold' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(createContact).toHaveBeenCalledWith({ name: 'Lucy Steele', fields: { 'loyalty-tier': 'Gold' } });
    expect(await screen.findByText('Choose one of: Bronze, Silver, Gold.')).toBeInTheDocument();
  });

  it.each([
    ['without the contacts:add permission', { denied: ['contacts:add' as const] }],
    ['while the admin has switched contact editing off', { switchedOff: ['contacts.edit' as const] }],
  ])('offers no Create contact %s', async (_when, options) => {
    await renderInApp(<NoMatch identifier={null} history={[]} provided={{ name: 'Lucy Steele' }} onCreated={() => undefined} />, options);
    expect(screen.getByText('No matching contact')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create contact' })).not.toBeInTheDocument();
  });
});
