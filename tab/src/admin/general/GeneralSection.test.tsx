import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppSettings } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { GeneralSection } from './GeneralSection';

function settingsApi(initial: AppSettings) {
  let settings = initial;
  return {
    adminSettings: jest.fn(async () => settings),
    saveSettings: jest.fn(async (changes: Partial<AppSettings>) => (settings = { ...settings, ...changes })),
  };
}

describe('GeneralSection', () => {
  it('picks the default phone region by name or code, and saves it', async () => {
    const api = settingsApi({ defaultPhoneRegion: 'US' });
    await renderInApp(<GeneralSection />, { api });
    const region = await screen.findByRole('combobox', { name: 'Default phone region' });
    expect(region).toHaveValue('United States (US)');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled(); // nothing changed yet
    await userEvent.clear(region);
    await userEvent.type(region, 'se');
    await userEvent.click(screen.getByRole('option', { name: 'Sweden (SE)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveSettings).toHaveBeenCalledWith({ defaultPhoneRegion: 'SE' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled());
    expect(region).toHaveValue('Sweden (SE)');
  });

  it('names the regions in the UI language', async () => {
    await renderInApp(<GeneralSection />, { api: settingsApi({ defaultPhoneRegion: 'GB' }), locale: 'ja-JP' });
    expect(await screen.findByRole('combobox', { name: '既定の電話番号の地域' })).toHaveValue('イギリス (GB)');
  });
});
