import { screen, within } from '@testing-library/react';
import { renderInApp } from '../test-utils';
import { SearchView } from '../views/SearchView';
import { AdminView } from './AdminView';

const noRequests = () => ({ privacyRequests: async () => ({ requests: [] }) });

describe('AdminView: the sections a user’s permissions open', () => {
  it('shows a privacy officer (privacy:manage without settings:manage) the Privacy section alone, opened at once', async () => {
    await renderInApp(<AdminView section="general" />, { denied: ['settings:manage'], api: noRequests() });
    const tabs = within(screen.getByRole('tablist', { name: 'Settings sections' })).getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Privacy']);
    expect(await within(screen.getByRole('tabpanel', { name: 'Privacy' })).findByText('No exports or erasures yet.')).toBeInTheDocument();
  });

  it('shows an admin every section, Privacy last, and a user with neither permission that settings are not theirs', async () => {
    const { unmount } = await renderInApp(<AdminView section="privacy" />, { api: noRequests() });
    const tabs = within(screen.getByRole('tablist', { name: 'Settings sections' })).getAllByRole('tab');
    expect(tabs).toHaveLength(9);
    expect(tabs.at(-1)).toHaveTextContent('Privacy');
    expect(await within(screen.getByRole('tabpanel', { name: 'Privacy' })).findByText('No exports or erasures yet.')).toBeInTheDocument();
    unmount();
    await renderInApp(<AdminView section="privacy" />, { denied: ['settings:manage', 'privacy:manage'] });
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
    expect(screen.getByText(/Only users with the settings:manage permission/)).toBeInTheDocument();
  });

  it('links the search page to the first section the user may open, and not at all for a user who may open none', async () => {
    const { unmount } = await renderInApp(<SearchView />, { denied: ['settings:manage'] });
    expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '?admin=privacy');
    unmount();
    await renderInApp(<SearchView />, { denied: ['settings:manage', 'privacy:manage'] });
    expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
  });
});
