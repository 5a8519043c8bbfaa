import { screen } from '@testing-library/react';
import type { CustomerCardData } from '../api/types';
import { renderInApp } from '../test-utils';
import { ContactDetails } from './ContactDetails';

const contact: CustomerCardData['contact'] = {
  id: 'c-1', type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: '2026-02-04T09:00:00.000Z',
  lastInteractionAt: '2026-11-22T09:00:00.000Z', expiresAt: null,
  identifiers: [
    { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' },
    { kind: 'social', value: 'instagram:edward.f', display: 'instagram · edward.f' },
  ],
};

describe('ContactDetails (issue #16)', () => {
  it('shows a phone number as the server formats it, while call and copy carry E.164', async () => {
    await renderInApp(<ContactDetails contact={contact} />);
    expect(screen.getByText('+1 803 555 0142')).toBeInTheDocument();
    expect(screen.queryByText('+18035550142')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Call +1 803 555 0142' })).toHaveAttribute('href', 'tel:+18035550142');
    expect(screen.getByRole('button', { name: 'Copy Phone +18035550142' })).toBeInTheDocument();
    expect(screen.getByText('instagram · edward.f')).toBeInTheDocument();
  });
});
