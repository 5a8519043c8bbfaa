import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActiveRecordData, CrmRecordData } from '../api/types';
import { renderInApp } from '../test-utils';
import { RecordRelations } from './RecordRelations';

const record = (type: string, id: string, name: string | null, fields: Record<string, string> = {}): CrmRecordData => ({ type, id, name, person: type !== 'case', url: `https://sn.example/${id}`, fields });
const kase = record('case', 'case1', 'Order 1811');
const edward = record('consumer', 'c1', 'Edward Ferrars');
const nameless = record('contact', 'c2', null, { email: 'someone@example.com' });
const active: ActiveRecordData[] = [{ type: 'consumer', id: 'c3', name: 'Robert Ferrars', url: 'https://sn.example/c3', at: '2026-11-22T09:00:00Z' }];

describe('RecordRelations (CRM-5)', () => {
  it('shows what the record is related to, previews a nameless one, removes with the green icon and relates from the records in hand', async () => {
    const recordRelations = jest.fn().mockResolvedValue({ relations: [edward, nameless] });
    const unrelateRecords = jest.fn().mockResolvedValue({ relations: [nameless] });
    const relateRecords = jest.fn().mockResolvedValue({ relations: [nameless, record('consumer', 'c3', 'Robert Ferrars')] });
    await renderInApp(<RecordRelations record={kase} active={active} />, { api: { recordRelations, unrelateRecords, relateRecords } });

    expect(await screen.findByRole('button', { name: 'Remove the relation to Edward Ferrars' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove the relation to Contact: someone@example.com' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Remove the relation to Edward Ferrars' }));
    expect(unrelateRecords).toHaveBeenCalledWith(kase, 'consumer');
    await userEvent.click(screen.getByRole('button', { name: 'Relate to' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Robert Ferrars/ }));
    expect(relateRecords).toHaveBeenCalledWith(kase, active[0]);
    expect(await screen.findByRole('button', { name: 'Remove the relation to Robert Ferrars' })).toBeInTheDocument();
  });
});
