import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { FailedRecordData } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { FailedRecordsSection } from './FailedRecordsSection';

const REFUSED = 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject must name the order number';
const edwardsCall: FailedRecordData = {
  interactionId: 'call-1811', channel: 'voice', startedAt: '2026-11-22T09:00:00.000Z', contactName: 'Edward Ferrars',
  error: REFUSED, failedAt: '2026-11-22T09:40:00.000Z', attempts: 1,
};
const purged: FailedRecordData = {
  interactionId: 'chat-7', channel: null, startedAt: null, contactName: null, error: null, failedAt: '2026-11-21T17:00:00.000Z', attempts: 8,
};

/** The admin API over the failed list: a resent record leaves it. */
function failedApi(initial: FailedRecordData[]) {
  let records = initial;
  return {
    failedRecords: jest.fn(async () => ({ records })),
    resendFailedRecord: jest.fn(async (interactionId: string) => {
      records = records.filter((r) => r.interactionId !== interactionId);
    }),
  };
}

const rows = () => within(screen.getByRole('table', { name: 'Failed CRM records' })).getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => cell.textContent);

describe('FailedRecordsSection', () => {
  it('lists each failed record: contact, channel and start, when it failed, the CRM\'s words and the attempts', async () => {
    await renderInApp(<FailedRecordsSection />, { api: failedApi([edwardsCall, purged]) });
    await screen.findByRole('table', { name: 'Failed CRM records' });
    const [edward, gone] = rows().map(cells);
    expect(edward).toEqual([expect.stringMatching(/^Edward FerrarsCall, started Nov 22, 2026/), expect.stringMatching(/2026/), REFUSED, '1', 'Resend']);
    expect(gone).toEqual(['Unknown contactchat-7', expect.stringMatching(/2026/), '(no reason given)', '8', 'Resend']);
    expect(screen.getByRole('link', { name: 'Edward Ferrars' })).toHaveAttribute('href', '?interactionId=call-1811');
  });

  it('resends one record, which then leaves the list', async () => {
    const api = failedApi([edwardsCall, purged]);
    await renderInApp(<FailedRecordsSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: /^Resend the record of Call with Edward Ferrars, / }));
    expect(api.resendFailedRecord).toHaveBeenCalledWith('call-1811');
    expect(await screen.findByRole('button', { name: 'Resend the record of interaction chat-7' })).toBeInTheDocument();
    expect(rows()).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Resend the record of interaction chat-7' }));
    expect(await screen.findByText('No failed CRM records: every interaction record was written or is on its way.')).toBeInTheDocument();
  });

  it('keeps the record listed and says why when the resend is refused', async () => {
    const api = failedApi([edwardsCall]);
    api.resendFailedRecord.mockRejectedValueOnce(new ApiError({ status: 403, detail: 'settings:manage is needed to see and resend failed CRM records' }));
    await renderInApp(<FailedRecordsSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: /^Resend the record of/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You do not have permission to see this.');
    expect(rows()).toHaveLength(1);
  });

  it('says when nothing failed', async () => {
    await renderInApp(<FailedRecordsSection />, { api: failedApi([]) });
    expect(await screen.findByText('No failed CRM records: every interaction record was written or is on its way.')).toBeInTheDocument();
  });
});
