import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { FeatureSwitches } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { FeaturesSection } from './FeaturesSection';

const allOn: FeatureSwitches = {
  'crm.link': true, 'crm.relatesTo': true, 'crm.create': true, 'contacts.edit': true, 'notes.editOwn': true, 'outbound.messages': true,
};

/** An API over the tenant's switches that changes as the admin flips them. */
function featuresApi(initial: FeatureSwitches) {
  let features = initial;
  return {
    adminFeatures: jest.fn(async () => ({ features })),
    switchFeatures: jest.fn(async (changes: Partial<FeatureSwitches>) => {
      features = { ...features, ...changes };
      return { features };
    }),
  };
}

describe('FeaturesSection', () => {
  it('shows every switch as the tenant has it, each described', async () => {
    await renderInApp(<FeaturesSection />, { api: featuresApi({ ...allOn, 'crm.create': false }) });
    const names = ['Link CRM records', 'Relates to', 'Create CRM records', 'Add, edit and delete contacts', 'Edit and delete own notes', 'SMS and e-mail'];
    expect(await screen.findAllByRole('switch')).toHaveLength(names.length);
    for (const name of names) expect(screen.getByRole('switch', { name })).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Create CRM records' })).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Link CRM records' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'SMS and e-mail' })).toHaveAccessibleDescription(/needs its provider, configured on the server/);
  });

  it('saves a switch as soon as it is flipped', async () => {
    const api = featuresApi(allOn);
    await renderInApp(<FeaturesSection />, { api });
    await userEvent.click(await screen.findByRole('switch', { name: 'Link CRM records' }));
    expect(api.switchFeatures).toHaveBeenCalledWith({ 'crm.link': false });
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Link CRM records' })).not.toBeChecked());
    expect(screen.getByRole('switch', { name: 'Relates to' })).toBeChecked();
  });

  it('keeps the switch as the server has it when the change is refused, and says why', async () => {
    const api = featuresApi(allOn);
    api.switchFeatures.mockRejectedValueOnce(new ApiError({ status: 400, detail: 'crm.link: expected boolean' }));
    await renderInApp(<FeaturesSection />, { api });
    await userEvent.click(await screen.findByRole('switch', { name: 'Link CRM records' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The server said: crm.link: expected boolean');
    expect(screen.getByRole('switch', { name: 'Link CRM records' })).toBeChecked();
  });
});
