import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from '@fluentui/react-components';
import { ApiError } from '../api/client';
import type { CustomerCardData } from '../api/types';
import { renderInApp } from '../test-utils';
import { TOASTER_ID } from '../toaster';
import { SendMessageDialog } from './SendMessageDialog';

const contact: CustomerCardData['contact'] = {
  id: 'c1', type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: '2026-11-21T09:00:00.000Z', lastInteractionAt: '2026-11-22T09:00:00.000Z', expiresAt: null,
  identifiers: [
    { kind: 'email', value: 'edward@norland.example', display: 'edward@norland.example' }, { kind: 'email', value: 'ed.ferrars@example.com', display: 'ed.ferrars@example.com' }, { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }, { kind: 'cookie', value: 'gc_1', display: 'gc_1' },
  ],
};

const dialog = (props: Partial<Parameters<typeof SendMessageDialog>[0]> = {}) => (
  <>
    <Toaster toasterId={TOASTER_ID} />
    <SendMessageDialog contact={contact} onClose={() => undefined} onAttempted={() => undefined} {...props} />
  </>
);

describe('SendMessageDialog', () => {
  it('shows the contact’s addresses for the chosen channel and sends an e-mail with a confirmation', async () => {
    const sendMessage = jest.fn().mockResolvedValue({});
    const onAttempted = jest.fn();
    await renderInApp(dialog({ interactionId: 'call-1', onAttempted }), { api: { sendMessage } });
    const form = screen.getByRole('dialog', { name: 'Message Edward Ferrars' });
    expect(within(form).getByRole('radiogroup', { name: 'To e-mail address' })).toHaveTextContent('edward@norland.example');
    await userEvent.click(within(form).getByRole('radio', { name: 'ed.ferrars@example.com' }));
    await userEvent.type(within(form).getByRole('textbox', { name: /Subject/ }), 'Your order');
    await userEvent.type(within(form).getByRole('textbox', { name: /Message/ }), 'It arrives Friday.');
    await userEvent.click(within(form).getByRole('button', { name: 'Send' }));

    expect(sendMessage).toHaveBeenCalledWith('c1', {
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), channel: 'email', to: 'ed.ferrars@example.com', subject: 'Your order', text: 'It arrives Friday.', interactionId: 'call-1',
    });
    expect(await screen.findByText('E-mail sent to ed.ferrars@example.com')).toBeInTheDocument();
    expect(onAttempted).toHaveBeenCalled();
  });

  it('an SMS goes to a phone number, without a subject, and counts its characters', async () => {
    const sendMessage = jest.fn().mockResolvedValue({});
    await renderInApp(dialog(), { api: { sendMessage } });
    await userEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    expect(screen.queryByRole('textbox', { name: /Subject/ })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: '+1 803 555 0142' })).toBeChecked();
    await userEvent.type(screen.getByRole('textbox', { name: /Message/ }), 'On its way');
    expect(screen.getByText('10 of 1600 characters')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(sendMessage).toHaveBeenCalledWith('c1', expect.objectContaining({ channel: 'sms', to: '+18035550142', text: 'On its way' }));
    expect(sendMessage.mock.calls[0][1]).not.toHaveProperty('subject');
  });

  it('when the provider refuses, says so in its words with focus on it, keeps the text, has the card show it, and retries under the same id', async () => {
    const sendMessage = jest.fn()
      .mockRejectedValueOnce(new ApiError({ status: 422, detail: "The 'To' number +18035550142 is not a valid phone number." }))
      .mockResolvedValueOnce({});
    const onClose = jest.fn();
    const onAttempted = jest.fn();
    await renderInApp(dialog({ onClose, onAttempted }), { api: { sendMessage } });
    await userEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Message/ }), 'Hello');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The provider says the address is not valid');
    expect(alert).toHaveTextContent("The 'To' number +18035550142 is not a valid phone number.");
    expect(alert).toHaveFocus(); // in the dialog, so Escape still closes it
    expect(screen.getByRole('textbox', { name: /Message/ })).toHaveValue('Hello');
    expect(onClose).not.toHaveBeenCalled();
    expect(onAttempted).toHaveBeenCalledTimes(1); // the card reloads its "Messages sent", where the refusal is kept

    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(sendMessage.mock.calls[1][1].id).toBe(sendMessage.mock.calls[0][1].id);
    expect(onClose).toHaveBeenCalled();
  });

  it('when the provider did not answer, says the message may have been sent and offers no second send', async () => {
    const sendMessage = jest.fn().mockRejectedValue(new ApiError({ status: 504, detail: 'The SMS provider did not answer within 15 s; the message may have been sent.' }));
    await renderInApp(dialog(), { api: { sendMessage } });
    await userEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Message/ }), 'Hello');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The message may have been sent');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('names a refused input in the user’s language', async () => {
    const sendMessage = jest.fn().mockRejectedValue(new ApiError({ status: 400, errors: [{ field: 'subject', message: 'a subject holds at most 200 characters' }] }));
    await renderInApp(dialog(), { api: { sendMessage }, locale: 'sv-SE' });
    await userEvent.type(screen.getByRole('textbox', { name: /Ämne/ }), 'Hej');
    await userEvent.type(screen.getByRole('textbox', { name: /Meddelande/ }), 'Hej');
    await userEvent.click(screen.getByRole('button', { name: 'Skicka' }));
    expect(screen.getByText('Skriv ett ämne på högst 200 tecken.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Ämne/ })).toHaveFocus(); // the input at fault, to correct it
  });

  it('keeps focus on Send while sending, and Escape closes the dialog after a refusal', async () => {
    let refuse: (error: unknown) => void = () => undefined;
    const sendMessage = jest.fn(() => new Promise<never>((_resolve, reject) => { refuse = reject; }));
    const onClose = jest.fn();
    await renderInApp(dialog({ onClose }), { api: { sendMessage } });
    await userEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Message/ }), 'Hello');
    const send = screen.getByRole('button', { name: 'Send' });
    send.focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Sending…' })).toHaveFocus();

    refuse(new ApiError({ status: 502, detail: 'The SMS provider refused the message: Message blocked (error 30007)' }));
    expect(await screen.findByRole('alert')).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });

  it('a channel without a configured provider is not offered, and says why', async () => {
    const { unmount } = await renderInApp(dialog(), { outbound: { sms: false } });
    expect(screen.getByRole('radio', { name: 'SMS' })).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'E-mail' })).toBeChecked();
    unmount();

    await renderInApp(dialog(), { outbound: { sms: false, email: false } });
    expect(screen.getAllByText('No e-mail server is configured. Ask an administrator to set one up.')).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Send' }).at(-1)).toBeDisabled();
    expect(screen.queryByRole('textbox', { name: /Message/ })).not.toBeInTheDocument(); // nothing to write that could not go
  });
});
