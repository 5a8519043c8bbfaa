import { screen } from '@testing-library/react';
import type { SentMessageData } from '../api/types';
import { renderInApp } from '../test-utils';
import { SentMessages } from './SentMessages';

const sms = (overrides: Partial<SentMessageData>): SentMessageData => ({
  id: 'm1', contactId: 'c1', interactionId: null, channel: 'sms', to: '+6834002', subject: null, text: 'Your parcel arrives on Friday.',
  senderId: 'elinor', senderName: 'Elinor Dashwood', status: 'sent', failure: null, createdAt: '2026-12-05T09:00:00.000Z', sentAt: '2026-12-05T09:00:01.000Z',
  ...overrides,
});
const REFUSED = "The SMS provider does not accept the number: The 'To' number +6834002 is not a valid phone number. (error 21211)";

describe('SentMessages', () => {
  it('a sent message reads as sent by its agent, with no status', async () => {
    await renderInApp(<SentMessages messages={[sms({})]} />);
    const entry = screen.getByRole('listitem');
    expect(entry).toHaveTextContent('Sent by Elinor Dashwood');
    expect(entry).not.toHaveTextContent('Not sent');
  });

  it('a refused message reads as not sent, with the reason and who attempted it, in its text for screen readers', async () => {
    await renderInApp(<SentMessages messages={[sms({ status: 'failed', failure: REFUSED, sentAt: null })]} />);
    const entry = screen.getByRole('listitem');
    expect(entry).toHaveTextContent(`Not sent — ${REFUSED}`);
    expect(entry).toHaveTextContent('Attempted by Elinor Dashwood');
    expect(entry).not.toHaveTextContent('Sent by');
    expect(screen.getByText('Not sent', { exact: true })).toHaveAttribute('aria-hidden', 'true'); // the red badge repeats the text for the eye
  });

  it('reads as failed in the user’s language', async () => {
    await renderInApp(<SentMessages messages={[sms({ status: 'failed', failure: REFUSED, sentAt: null })]} />, { locale: 'de-DE' });
    const entry = screen.getByRole('listitem');
    expect(entry).toHaveTextContent(`Nicht gesendet – ${REFUSED}`);
    expect(entry).toHaveTextContent('Sendeversuch von Elinor Dashwood');
  });

  it('names the recipient as the card does (+683 4002), not as stored', async () => {
    await renderInApp(<SentMessages messages={[sms({})]} identifiers={[{ kind: 'phone', value: '+6834002', display: '+683 4002' }]} />);
    expect(screen.getByRole('listitem')).toHaveTextContent('SMS to +683 4002');
  });
});
