import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { FieldDefinitionData, NewFieldData } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { FieldsSection } from './FieldsSection';

// The SDK's lib/ is ES modules under a CommonJS package, which Jest cannot load: its UMD build is the same code.
jest.mock('adaptivecards', () => jest.requireActual('adaptivecards/dist/adaptivecards.js'));

const aField = (ident: string, label: string, overrides: Partial<FieldDefinitionData> = {}): FieldDefinitionData => ({
  ident, labels: { en: label }, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: false, position: 1, retiredAt: null, ...overrides,
});
const tier = aField('loyalty-tier', 'Loyalty tier', { type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'], visibleOnCard: true });
const billing = aField('billing-email', 'Billing e-mail', { type: 'email' });
const legacy = aField('legacy-code', 'Legacy code', { retiredAt: '2026-11-01T00:00:00.000Z' });

/** An API over a list of fields that changes as the admin acts. */
function fieldsApi(initial: FieldDefinitionData[]) {
  let list = initial;
  return {
    adminFields: jest.fn(async () => ({ fields: list })),
    reorderFields: jest.fn(async (idents: string[]) => {
      list = idents.map((ident) => list.find((f) => f.ident === ident)!);
      return { fields: list };
    }),
    retireField: jest.fn(async (ident: string) => {
      list = list.map((f) => (f.ident === ident ? { ...f, retiredAt: '2026-11-22T09:00:00.000Z' } : f));
      return list.find((f) => f.ident === ident)!;
    }),
    createField: jest.fn(async (field: NewFieldData) => {
      const created = { ...field, position: list.length + 1, retiredAt: null };
      list = [...list, created];
      return created;
    }),
  };
}

const rows = () => within(screen.getByRole('list', { name: 'Custom fields' })).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));

describe('FieldsSection', () => {
  it('lists the fields in order with what each is, retired ones marked', async () => {
    await renderInApp(<FieldsSection />, { api: fieldsApi([tier, billing, legacy]) });
    await waitFor(() => expect(rows()).toEqual(['Loyalty tier', 'Billing e-mail', 'Legacy code']));
    const tierRow = screen.getByRole('listitem', { name: 'Loyalty tier' });
    expect(tierRow).toHaveTextContent('loyalty-tier · Dropdown: Bronze, Silver, Gold');
    expect(tierRow).toHaveTextContent('Chat cards');
    expect(screen.getByRole('listitem', { name: 'Legacy code' })).toHaveTextContent('Retired');
    expect(within(screen.getByRole('listitem', { name: 'Legacy code' })).getByRole('button', { name: 'Restore Legacy code' })).toBeInTheDocument();
  });

  it('moves a field with the keyboard, keeps focus on the button, and says where it went', async () => {
    const api = fieldsApi([tier, billing, legacy]);
    await renderInApp(<FieldsSection />, { api });
    const down = await screen.findByRole('button', { name: 'Move Loyalty tier down' });
    expect(screen.getByRole('button', { name: 'Move Loyalty tier up' })).toHaveAttribute('aria-disabled', 'true');
    down.focus();
    await userEvent.keyboard('{Enter}');
    expect(api.reorderFields).toHaveBeenCalledWith(['billing-email', 'loyalty-tier', 'legacy-code']);
    await waitFor(() => expect(rows()).toEqual(['Billing e-mail', 'Loyalty tier', 'Legacy code']));
    expect(screen.getByRole('status')).toHaveTextContent('Loyalty tier is now at position 2.');
    expect(screen.getByRole('button', { name: 'Move Loyalty tier down' })).toHaveFocus();
  });

  it('retires a field, which can then be restored', async () => {
    const api = fieldsApi([tier, billing]);
    await renderInApp(<FieldsSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Retire Billing e-mail' }));
    expect(api.retireField).toHaveBeenCalledWith('billing-email');
    expect(await screen.findByRole('button', { name: 'Restore Billing e-mail' })).toBeInTheDocument();
  });

  it('adds a dropdown field, and explains an ident the server refused', async () => {
    const api = fieldsApi([]);
    api.createField.mockRejectedValueOnce(new ApiError({ status: 400, errors: [{ field: 'ident', message: 'an ident may contain only letters, digits, - and _ (found a space)' }] }));
    await renderInApp(<FieldsSection />, { api });
    expect(await screen.findByText('No custom fields yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add field' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a custom field' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Ident/ }), 'loyalty tier');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Label \(English\)/ }), 'Loyalty tier');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Dropdown' }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Options/ }), 'Bronze{Enter}Silver{Enter}Gold');
    await userEvent.click(within(dialog).getByRole('switch', { name: 'Visible on cards in chats' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Use only letters, digits, - and _ (1 to 64 of them): no spaces or other characters.')).toBeInTheDocument();

    const ident = within(dialog).getByRole('textbox', { name: /^Ident/ });
    await userEvent.clear(ident);
    await userEvent.type(ident, 'loyalty-tier');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.createField).toHaveBeenLastCalledWith({
      ident: 'loyalty-tier', labels: { en: 'Loyalty tier', ja: '', fr: '', de: '', sv: '' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'],
      visibleInPanel: true, editable: true, visibleOnCard: true,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('loyalty-tier · Dropdown: Bronze, Silver, Gold')).toBeInTheDocument(); // the list, reloaded
  });

  it('previews the chat card below the list, and in the dialog as a field is switched on or off for chats, before saving', async () => {
    await renderInApp(<FieldsSection />, { api: fieldsApi([tier, billing]) });
    const page = await screen.findByRole('region', { name: 'Preview of the chat card' });
    await waitFor(() => expect(page).toHaveTextContent('Loyalty tier'));
    expect(page).not.toHaveTextContent('Billing e-mail');

    await userEvent.click(screen.getByRole('button', { name: 'Edit Billing e-mail' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Billing e-mail' });
    const inDialog = await within(dialog).findByRole('region', { name: 'Preview of the chat card' });
    await waitFor(() => expect(inDialog).toHaveTextContent('Loyalty tier'));
    expect(inDialog).not.toHaveTextContent('Billing e-mail');
    await userEvent.click(within(dialog).getByRole('switch', { name: 'Visible on cards in chats' }));
    await waitFor(() => expect(inDialog).toHaveTextContent('Billing e-mail'));
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Label \(English\)/ }), ' (invoices)');
    await waitFor(() => expect(inDialog).toHaveTextContent('Billing e-mail (invoices)'));
    await userEvent.click(within(dialog).getByRole('switch', { name: 'Visible on cards in chats' }));
    await waitFor(() => expect(inDialog).not.toHaveTextContent('Billing e-mail'));
  });

  it('says so to a user who may not manage settings', async () => {
    await renderInApp(<FieldsSection />, { api: { adminFields: jest.fn().mockRejectedValue(new ApiError({ status: 403, detail: 'no' })) } });
    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
  });
});
