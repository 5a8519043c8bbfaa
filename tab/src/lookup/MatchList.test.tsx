import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ContactSummaryData } from '../api/types';
import { renderInApp } from '../test-utils';
import { MatchList } from './MatchList';

const summary = (id: string, name: string, phone: string, display: string): ContactSummaryData => ({
  id, name, type: 'curated', createdAt: '2026-02-04T09:00:00.000Z', identifiers: [{ kind: 'phone', value: phone, display }],
});
const matches = [summary('a', 'Alexis Grant', '+18031230000', '+1 803 123 0000'), summary('d', 'David Grant', '+18031230001', '+1 803 123 0001')];

describe('MatchList', () => {
  it('filters the loaded results by name or identifier and picks one', async () => {
    const onPick = jest.fn();
    await renderInApp(<MatchList heading="2 matching contacts" matches={matches} onPick={onPick} attachedId="a" />);
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('button', { name: /Alexis Grant.*Attached/ })).toBeInTheDocument();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter these results' }), '0001');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: /David Grant/ }));
    expect(onPick).toHaveBeenCalledWith('d');
  });

  it('shows phone numbers as the server formats them, and filters by either form (issue #16)', async () => {
    await renderInApp(<MatchList heading="2 matching contacts" matches={matches} onPick={() => undefined} />);
    expect(screen.getByRole('button', { name: /David Grant.*\+1 803 123 0001/ })).toBeInTheDocument();
    expect(screen.queryByText(/\+18031230001/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter these results' }), '123 0001');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('says so when the filter leaves nothing', async () => {
    await renderInApp(<MatchList heading="2 matching contacts" matches={matches} onPick={() => undefined} />);
    await userEvent.type(screen.getByRole('searchbox'), 'zzz');
    expect(screen.getByText('No contact in the list matches the filter.')).toBeInTheDocument();
  });
});
