import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ApiError } from '../api/client';
import type { CrmData, CrmLinkData, InteractionRecordData } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { renderInApp } from '../test-utils';
import { CrmRecords } from './CrmRecords';

const edward = { type: 'contact', id: 'c1', name: 'Edward Ferrars', person: true, url: 'https://crm.example/c1', fields: {} };
const waiting: InteractionRecordData = { state: 'waiting', error: null, crm: null, id: null, url: null, writtenAt: null, plan: null, agents: [] };
const crmData: CrmData = { crm: 'builtin', records: [edward], links: [], active: [], relatedTo: [], record: waiting };
const edwardLink = (writeBack: CrmLinkData['writeBack']): CrmLinkData => ({
  type: 'contact', id: 'c1', name: 'Edward Ferrars', url: edward.url, linkedBy: 'Elinor', linkedAt: '2026-11-22T09:00:00Z', writeBack,
});
const linkedData = { links: [edwardLink({ state: 'waiting', error: null, as: null })] };

// Salesforce: Lucy Steele is a lead; the campaign she opened last is relates-to's default, which a lead's task cannot hold.
const LEAD_RULE = 'A task whose Name is a lead cannot have a Related To in Salesforce: relate a contact instead, or remove the lead';
const lucy = { type: 'lead', id: '00Q000000000001AAA', name: 'Lucy Steele', person: true, url: 'https://sf.example/00Q000000000001AAA', fields: {} };
const campaign = { type: 'campaign', id: '701000000000001AAA', name: 'Spring Tea', url: 'https://sf.example/701000000000001AAA', at: '2026-11-22T09:05:00Z' };
const plan = {
  placed: [{ type: 'lead', id: lucy.id, as: 'WhoId' }],
  dropped: [{ type: 'campaign', id: campaign.id, reason: LEAD_RULE }],
};
const lucyLink = (writeBack: CrmLinkData['writeBack']): CrmLinkData => ({ ...lucy, linkedBy: 'Elinor', linkedAt: '2026-11-22T09:00:00Z', writeBack });
const agents = [{ id: 'elinor@norland.example', name: 'Elinor Dashwood', email: 'elinor@norland.example' }, { id: 'brandon', name: 'Colonel Brandon', email: null }];
const salesforce = (record: InteractionRecordData, link: CrmLinkData): CrmData => ({
  crm: 'salesforce',
  records: [lucy],
  links: [link],
  active: [campaign],
  relatedTo: [{ slot: 'what', type: 'campaign', id: campaign.id, name: campaign.name, byDefault: true }],
  record,
});
const REJECTED = 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject must name the order number';
const failed: InteractionRecordData = { ...waiting, state: 'failed', error: REJECTED, plan, agents };
const written: InteractionRecordData = {
  state: 'written', error: null, crm: 'salesforce', id: '00T000000000001AAA', url: 'https://sf.example/00T000000000001AAA', writtenAt: '2026-11-22T09:30:00Z', plan, agents,
};

/** The card around the CRM section: each card the server sends is a new object. */
function LiveCard() {
  const [card, setCard] = useState({});
  return (
    <>
      <button type="button" onClick={() => setCard({})}>The server sends the next card</button>
      <CrmRecords interactionId="i1" version={card} />
    </>
  );
}

const recordGroup = () => within(screen.getByRole('group', { name: 'CRM record' }));

describe('CrmRecords', () => {
  it('links a record with its link icon, and the Linked icon unlinks it', async () => {
    let links: CrmLinkData[] = [];
    const crm = jest.fn(async () => ({ ...crmData, links }));
    const link = jest.fn(async () => ({ links: (links = linkedData.links) }));
    const unlink = jest.fn(async () => ({ links: (links = []) }));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm, link, unlink } });
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

describe('the interaction\'s CRM record (CRM-2)', () => {
  it('says when nothing is there to write yet', async () => {
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm: jest.fn().mockResolvedValue(crmData) } });
    expect(await screen.findByText('Written when the interaction is done')).toBeInTheDocument();
    expect(recordGroup().getByText('Nothing to write yet: link a record, or relate one.')).toBeInTheDocument();
  });

  it('shows the CRM\'s own words when it refused the record, and Resend (by keyboard) queues it again', async () => {
    const crm = jest.fn().mockResolvedValueOnce(salesforce(failed, lucyLink({ state: 'failed', error: REJECTED, as: null })))
      .mockResolvedValue(salesforce({ ...failed, state: 'pending', error: null }, lucyLink({ state: 'pending', error: null, as: null })));
    const resendRecord = jest.fn().mockResolvedValue({ record: { ...failed, state: 'pending', error: null } });
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm, resendRecord } });

    const record = within(await screen.findByRole('group', { name: 'CRM record' }));
    expect(record.getByRole('status')).toHaveTextContent('Not written');
    expect(record.getByText('The CRM did not accept this record')).toBeInTheDocument();
    expect(record.getByText(REJECTED)).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'CRM records' })).toHaveTextContent('Not written'); // the linked lead's badge

    const resend = record.getByRole('button', { name: 'Resend' });
    resend.focus();
    await userEvent.keyboard('{Enter}');
    expect(resendRecord).toHaveBeenCalledWith('i1');
    expect(await record.findByText('Writing…')).toBeInTheDocument();
    expect(record.queryByRole('button', { name: 'Resend' })).not.toBeInTheDocument();
    expect(record.queryByText(REJECTED)).not.toBeInTheDocument();
    expect(record.getByRole('status')).toHaveFocus(); // the keyboard user's place is kept
    expect(await screen.findByRole('list', { name: 'CRM records' })).toHaveTextContent('Writing…');
  });

  it('says in words why a resend did not go', async () => {
    const resendRecord = jest.fn().mockRejectedValue(new ApiError({ status: 409, detail: 'this interaction has no record to resend yet' }));
    const crm = jest.fn().mockResolvedValue(salesforce(failed, lucyLink({ state: 'failed', error: REJECTED, as: null })));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm, resendRecord } });
    await userEvent.click(await screen.findByRole('button', { name: 'Resend' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('There is nothing to resend yet: the record is written when the interaction is done.');
    expect(screen.getByRole('button', { name: 'Resend' })).toBeEnabled();
  });

  it('offers no Resend to a viewer who may not link records, but still shows what the CRM said', async () => {
    const crm = jest.fn().mockResolvedValue(salesforce(failed, lucyLink({ state: 'failed', error: REJECTED, as: null })));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm }, denied: ['interactions:link'] });
    expect(await screen.findByText(REJECTED)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resend' })).not.toBeInTheDocument();
  });

  it('before writing, says which relation the CRM\'s rules will leave out and why, beside it', async () => {
    const crm = jest.fn().mockResolvedValue(salesforce({ ...waiting, plan }, lucyLink({ state: 'waiting', error: null, as: null })));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm } });
    const relatesTo = within(await screen.findByRole('group', { name: 'Relates to' }));
    expect(relatesTo.getByText('Spring Tea (opened last)')).toBeInTheDocument();
    expect(relatesTo.getByText('Will be left out')).toBeInTheDocument();
    expect(relatesTo.getByText(LEAD_RULE)).toBeInTheDocument();
    expect(recordGroup().getByRole('status')).toHaveTextContent('Written when the interaction is done');
  });

  it('once written: the state, when, where to open it, whom it credits, where each record went and what was left out', async () => {
    const crm = jest.fn().mockResolvedValue(salesforce(written, lucyLink({ state: 'written', error: null, as: 'WhoId' })));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm } });
    const record = within(await screen.findByRole('group', { name: 'CRM record' }));
    expect(record.getByRole('status')).toHaveTextContent('Written');
    expect(record.getByText(formatDateTime(written.writtenAt!, 'en-US'))).toBeInTheDocument();
    expect(record.getByRole('link', { name: 'Open in Salesforce' })).toHaveAttribute('href', written.url);
    expect(record.getByText('Credited to Elinor Dashwood and Colonel Brandon')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'CRM records' })).toHaveTextContent('Written as WhoId');
    const relatesTo = within(screen.getByRole('group', { name: 'Relates to' }));
    expect(relatesTo.getByText('Left out')).toBeInTheDocument();
    expect(relatesTo.getByText(LEAD_RULE)).toBeInTheDocument();
  });

  it('shows a dropped link\'s reason as text beside it, not only in a tooltip', async () => {
    const reason = '"42" is not a ServiceNow sys_id, so ServiceNow cannot hold this case';
    const data: CrmData = {
      ...crmData,
      crm: 'servicenow',
      links: [edwardLink({ state: 'dropped', error: reason, as: null })],
      record: { ...written, crm: 'servicenow', url: null, plan: { placed: [], dropped: [{ type: 'contact', id: 'c1', reason }] } },
    };
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm: jest.fn().mockResolvedValue(data) } });
    const records = within(await screen.findByRole('list', { name: 'CRM records' }));
    expect(records.getByText('Left out')).toBeInTheDocument();
    expect(records.getByText(reason)).toBeVisible();
  });

  it('lists a left-out relation with the record when the viewer does not see Relates to', async () => {
    const crm = jest.fn().mockResolvedValue(salesforce(written, lucyLink({ state: 'written', error: null, as: 'WhoId' })));
    await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm }, switchedOff: ['crm.relatesTo'] });
    expect(await screen.findByText(`Spring Tea (Campaign) was left out: ${LEAD_RULE}`)).toBeInTheDocument();
  });

  it('reads a record being written again until it is written, though the card did not change', async () => {
    jest.useFakeTimers();
    try {
      const crm = jest.fn().mockResolvedValueOnce(salesforce({ ...waiting, state: 'pending', plan, agents }, lucyLink({ state: 'pending', error: null, as: null })))
        .mockResolvedValue(salesforce(written, lucyLink({ state: 'written', error: null, as: 'WhoId' })));
      await renderInApp(<CrmRecords interactionId="i1" version="1" />, { api: { crm } });
      expect(await screen.findByRole('status')).toHaveTextContent('Writing…');
      await act(() => jest.advanceTimersByTimeAsync(2_000));
      expect(recordGroup().getByRole('status')).toHaveTextContent('Written');
      expect(crm).toHaveBeenCalledTimes(2);
      await act(() => jest.advanceTimersByTimeAsync(60_000));
      expect(crm).toHaveBeenCalledTimes(2); // written: no more reads
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows the record written when the card changes (the server announces it), without a reload', async () => {
    const crm = jest.fn().mockResolvedValueOnce(salesforce({ ...waiting, state: 'pending', plan, agents }, lucyLink({ state: 'pending', error: null, as: null })))
      .mockResolvedValue(salesforce(written, lucyLink({ state: 'written', error: null, as: 'WhoId' })));
    await renderInApp(<LiveCard />, { api: { crm } });
    expect(await screen.findByRole('status')).toHaveTextContent('Writing…');
    await userEvent.click(screen.getByRole('button', { name: 'The server sends the next card' }));
    expect(await screen.findByRole('link', { name: 'Open in Salesforce' })).toBeInTheDocument();
    expect(recordGroup().getByRole('status')).toHaveTextContent('Written');
  });
});
