import { screen } from '@testing-library/react';
import type { CardFieldData, MergeRecordData } from '../api/types';
import { renderInApp } from '../test-utils';
import { MergeHistory } from './MergeHistory';

const tier: CardFieldData = {
  ident: 'loyalty-tier', labels: { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }, type: 'dropdown', options: ['Silver', 'Gold'],
  visibleInPanel: true, editable: true, visibleOnCard: false, value: 'Gold',
};
const merge: MergeRecordData = {
  id: 'm1', survivorId: 'c1', mergedId: 'c2', mergedName: 'Ed Ferrars', actor: { id: 'elinor', name: 'Elinor Dashwood' }, mergedAt: '2026-11-22T09:00:00.000Z',
  decisions: [
    { field: 'name', kept: 'Edward Ferrars', from: 'survivor', setAside: 'Ed Ferrars' },
    { field: 'fields.loyalty-tier', kept: 'Gold', from: 'survivor', setAside: 'Silver' },
    { field: 'fields.legacy-code', kept: 'A1', from: 'merged', setAside: 'B2' },
    { field: 'fields.city', kept: 'Norland', from: 'merged' },
  ],
};

describe('MergeHistory', () => {
  it('names set-aside values by the field’s label in the user’s language, or its ident when it has no definition', async () => {
    await renderInApp(<MergeHistory merges={[merge]} fields={[tier]} />, { locale: 'sv-SE' });
    expect(screen.getByText('Lojalitetsnivå: ”Gold” behölls, ”Silver” behölls inte.')).toBeInTheDocument();
    expect(screen.getByText('legacy-code: ”A1” från Ed Ferrars behölls, ”B2” behölls inte.')).toBeInTheDocument();
    expect(screen.getByText(/^Namn: ”Edward Ferrars” behölls/)).toBeInTheDocument();
  });

  it('names the merged card and the values this card took from it', async () => {
    await renderInApp(<MergeHistory merges={[merge]} fields={[tier]} />, { locale: 'en-US' });
    expect(screen.getByText(/^Elinor Dashwood merged Ed Ferrars into this card on /)).toBeInTheDocument();
    expect(screen.getByText('legacy-code: kept “A1” from Ed Ferrars, set aside “B2”.')).toBeInTheDocument();
    expect(screen.getByText('city: “Norland” came from Ed Ferrars.')).toBeInTheDocument();
    expect(screen.getAllByText(/legacy-code/)).toHaveLength(1); // one line per value, saying both where it came from and what it replaced
    expect(screen.queryByText(/Loyalty tier: “Gold” came from/)).not.toBeInTheDocument();
  });

  it('says an unnamed merged card is unnamed, in the user’s language', async () => {
    await renderInApp(<MergeHistory merges={[{ ...merge, mergedName: null }]} fields={[tier]} />, { locale: 'de-DE' });
    expect(screen.getByText(/^Elinor Dashwood hat am .* Unbekannter Kontakt mit dieser Karte zusammengeführt\.$/)).toBeInTheDocument();
  });
});
