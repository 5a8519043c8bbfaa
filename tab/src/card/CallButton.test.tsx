import { Toaster } from '@fluentui/react-components';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../test-utils';
import { TOASTER_ID } from '../toaster';
import { CallButton } from './CallButton';

const PHONE = '+18035550142';
const SHOWN = '+1 803 555 0142';

/** The button as the card shows it, with the app's toaster to report failures in. */
const renderCallButton = (options: Parameters<typeof renderInApp>[1] = {}) =>
  renderInApp(
    <>
      <CallButton phone={{ value: PHONE, display: SHOWN }} />
      <Toaster toasterId={TOASTER_ID} />
    </>,
    options,
  );

describe('CallButton', () => {
  it('asks a host that can place calls (Teams) to call the number', async () => {
    const startCall = jest.fn().mockResolvedValue(undefined);
    await renderCallButton({ host: { startCall } });
    await userEvent.click(screen.getByRole('button', { name: `Call ${SHOWN}` }));
    expect(startCall).toHaveBeenCalledWith(PHONE);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(screen.queryByText(`Could not call ${SHOWN}`)).not.toBeInTheDocument();
  });

  it('is a tel: link where the host cannot place calls (a plain browser)', async () => {
    await renderCallButton();
    expect(screen.getByRole('link', { name: `Call ${SHOWN}` })).toHaveAttribute('href', `tel:${PHONE}`);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('says readably, with Teams\' reason, when Teams refuses the call', async () => {
    const startCall = jest.fn().mockRejectedValue(new Error('NOT_SUPPORTED_ON_PLATFORM (100)'));
    await renderCallButton({ host: { startCall } });
    await userEvent.click(screen.getByRole('button', { name: `Call ${SHOWN}` }));
    expect(await screen.findByText(`Could not call ${SHOWN}`)).toBeInTheDocument();
    expect(screen.getByText(/^Teams said: NOT_SUPPORTED_ON_PLATFORM \(100\)\. Your Teams account may not be set up to call phone numbers/)).toBeInTheDocument();
  });

  it('speaks the user\'s language', async () => {
    const startCall = jest.fn().mockRejectedValue(new Error('declined'));
    await renderCallButton({ host: { startCall }, locale: 'de-DE' });
    await userEvent.click(screen.getByRole('button', { name: `${SHOWN} anrufen` }));
    expect(await screen.findByText(`${SHOWN} konnte nicht angerufen werden`)).toBeInTheDocument();
  });
});
