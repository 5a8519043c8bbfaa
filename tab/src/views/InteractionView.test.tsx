import { screen } from '@testing-library/react';
import { renderInApp } from '../test-utils';
import { InteractionView } from './InteractionView';

describe('InteractionView', () => {
  it('asks the user to sign in when Teams gives no SSO token, rather than loading forever', async () => {
    const getToken = jest.fn().mockRejectedValue(new Error('consent_required'));
    await renderInApp(<InteractionView interactionId="int-1" />, { host: { kind: 'teams', getToken } });
    expect(await screen.findByText('Sign-in needed')).toBeInTheDocument();
    expect(screen.getByText('Open this tab in Microsoft Teams so that it can sign you in.')).toBeInTheDocument();
  });
});
