import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { postEvent } from '../support/webhook-client';
import { appWithBotConnector } from '../support/bot-app';

describeEachStore('a card update Teams throttles with Retry-After as an HTTP date (RFC 9110 §10.2.3)', (store) => {
  const bot = appWithBotConnector(store);

  const message = (id: string, text: string) =>
    anInteractionEvent('interaction.message', { interactionId: 'dated', channel: 'chat', contact: { name: 'Elinor Dashwood', email: 'elinor@barton.example' }, extra: { message: { id, direction: 'inbound', text } } });
  const updated = (text: string) => bot.connector.received.find((a) => a.kind === 'update' && JSON.stringify(a.activity.attachments ?? []).includes(text));

  it('waits until that date: Teams does not refuse it again for coming back too soon', async () => {
    await ingest(store(), message('d0', 'hello'));
    await fetch(`${bot.app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: 'in-dated', text: 'follow interaction dated', locale: 'en-US', channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
        from: { id: 'user-1', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' }, recipient: { id: 'bot-1', name: 'Customer Card' },
        conversation: { id: 'chat-dated', conversationType: 'groupChat' },
      }),
    });
    await waitUntil(() => bot.connector.received.some((a) => a.kind !== 'update' && (a.activity.attachments?.length ?? 0) > 0));

    // The Bot Framework client retries a 429 three times itself (honouring Retry-After); the fourth
    // refusal reaches the dispatcher. Its date is 3 s ahead: further than our first backoff reaches.
    bot.connector.throttleWith([0, 0, 0, 3], { asDate: true });
    await postEvent(bot.app.baseUrl, message('d1', 'after the dated throttle'));
    await waitUntil(() => updated('after the dated throttle') !== undefined);
    expect(bot.connector.refused).toBe(4);
  });
});
