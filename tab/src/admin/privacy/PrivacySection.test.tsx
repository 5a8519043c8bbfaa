import { Toaster } from '@fluentui/react-components';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { ContactSummaryData, PrivacyRequestData } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { TOASTER_ID } from '../../toaster';
import { PrivacySection } from './PrivacySection';

const LUCY: ContactSummaryData = {
  id: '0f8c2a9e-3b1d-4c6e-9a7f-2d5e8b1c4a60',
  name: 'Lucy Steele',
  type: 'canonical',
  createdAt: '2026-01-05T09:00:00.000Z',
  identifiers: [{ kind: 'phone', value: '+18035550177', display: '+1 803 555 0177' }],
};

/** An API that finds Lucy, and records each export and erasure as the server's audit does. */
function privacyApi() {
  const requests: PrivacyRequestData[] = [];
  const audit = (kind: 'export' | 'erase', contactId: string) =>
    requests.unshift({ id: String(requests.length + 1), kind, contactId, actorId: 'admin', actorName: 'Marianne Dashwood', at: '2026-03-01T10:00:00.000Z', counts: {} });
  return {
    search: jest.fn(async () => ({ contacts: [LUCY] })),
    privacyRequests: jest.fn(async () => ({ requests: [...requests] })),
    exportContact: jest.fn(async (id: string) => {
      audit('export', id);
      return { format: 'customer-card/contact-export', version: 1, contactId: id };
    }),
    eraseContact: jest.fn(async (id: string) => {
      audit('erase', id);
      return { erased: { contacts: 1 } };
    }),
  };
}

async function findLucy(api: ReturnType<typeof privacyApi>) {
  await renderInApp(<><PrivacySection /><Toaster toasterId={TOASTER_ID} /></>, { api });
  expect(await screen.findByText('No exports or erasures yet.')).toBeInTheDocument();
  await userEvent.type(screen.getByRole('searchbox', { name: 'Find a contact by name, phone number or e-mail address' }), 'Lucy');
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
  expect(api.search).toHaveBeenCalledWith('Lucy');
  expect(await screen.findByText('+1 803 555 0177')).toBeInTheDocument();
}

const textOf = (blob: Blob) => new Promise<string>((resolve) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result));
  reader.readAsText(blob);
});

describe('PrivacySection', () => {
  // jsdom neither makes object URLs nor downloads: the file handed over and the click are what count.
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:contact');
  let save: jest.SpyInstance;
  beforeEach(() => {
    createObjectURL.mockClear();
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    save = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe(`contact-${LUCY.id}.json`);
    });
  });
  afterEach(() => save.mockRestore());

  it('downloads everything stored about a contact found by search, and lists the export', async () => {
    const api = privacyApi();
    await findLucy(api);
    await userEvent.click(screen.getByRole('button', { name: 'Download everything stored about Lucy Steele' }));
    expect(api.exportContact).toHaveBeenCalledWith(LUCY.id);
    expect(await screen.findByText('Everything stored about Lucy Steele was downloaded.')).toBeInTheDocument();
    expect(save).toHaveBeenCalledTimes(1);
    expect(JSON.parse(await textOf(createObjectURL.mock.calls[0]![0]))).toEqual({ format: 'customer-card/contact-export', version: 1, contactId: LUCY.id });
    const audit = screen.getByRole('table', { name: 'Exports and erasures' });
    expect(within(audit).getByRole('row', { name: /Marianne Dashwood Data export/ })).toHaveTextContent(LUCY.id);
    expect(api.eraseContact).not.toHaveBeenCalled();
  });

  it('erases only after a confirmation that says what goes and what stays', async () => {
    const api = privacyApi();
    await findLucy(api);
    await userEvent.click(screen.getByRole('button', { name: 'Erase Lucy Steele' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Erase Lucy Steele?' });
    expect(dialog).toHaveTextContent(/notes, journey, messages/);
    expect(dialog).toHaveTextContent(/interactions are kept for statistics, without the contact/);
    expect(dialog).toHaveTextContent(/Records in the CRM are not erased/);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(api.eraseContact).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Erase Lucy Steele' }));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Erase' }));
    expect(api.eraseContact).toHaveBeenCalledWith(LUCY.id);
    expect(await screen.findByText('Lucy Steele was erased.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('+1 803 555 0177')).not.toBeInTheDocument());
    expect(within(screen.getByRole('table', { name: 'Exports and erasures' })).getByRole('row', { name: /Erasure/ })).toHaveTextContent(LUCY.id);
  });

  it('says why an erasure was refused and keeps the contact listed', async () => {
    const api = privacyApi();
    api.eraseContact.mockRejectedValueOnce(new ApiError({ status: 403, detail: 'you need the privacy:manage permission to erase contacts' }));
    await findLucy(api);
    await userEvent.click(screen.getByRole('button', { name: 'Erase Lucy Steele' }));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Erase' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/permission/i);
    expect(screen.getByText('+1 803 555 0177')).toBeInTheDocument();
  });

  it('offers nothing, and asks the API nothing, to a user without privacy:manage', async () => {
    const api = privacyApi();
    await renderInApp(<PrivacySection />, { api, denied: ['privacy:manage'] });
    expect(screen.getByText(/Only users with the privacy:manage permission/)).toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(api.privacyRequests).not.toHaveBeenCalled();
  });
});
