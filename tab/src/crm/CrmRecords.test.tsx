import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CrmData } from '../api/types';
import { renderInApp } from '../test-utils';
import { CrmRecords } from './CrmRecords';

const edward = { type: 'contact', id: 'c1', name: 'Edward Ferrars', person: true, url: 'https://crm.example/c1', fields: {} };
const crmData: CrmData = { crm: 'builtin', records: [edward], links: [], active: [], relatedTo: [] };
const linkedData = {
  links: [{ type: 'contact', id: 'c1', name: 'Edward Ferrars', url: edward.url, linkedBy: 'Elinor', linkedAt: '2026-11-22T09:00:00Z', writeBack: { state: 'waiting' as const, error: null } }],
};

describe('CrmRecords', () => {
  it('links a record with its link icon, and the Linked icon unlinks it', async () => {
    const link = jest.fn().mockResolvedValue(linkedData);
    const unlink = jest.fn().mockResolvedValue({ links: [] });
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm: jest.fn().mockResolvedValue(crmData), link, unlink } });
    await userEvent.click(await screen.findByRole('button', { name: 'Link Edward Ferrars to this interaction' }));
    expect(link).toHaveBeenCalledWith('i1', edward);
    await userEvent.click(await screen.findByRole('button', { name: 'Unlink Edward Ferrars' }));
    expect(unlink).toHaveBeenCalledWith('i1', edward);
  });

  it('offers no linking when the admin switched the feature off', async () => {
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm: jest.fn().mockResolvedValue(crmData) }, switchedOff: ['crm.link'] });
    expect(await screen.findByRole('link', { name: 'Edward Ferrars' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Link Edward Ferrars/ })).not.toBeInTheDocument();
  });
});
