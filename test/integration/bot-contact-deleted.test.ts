import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { appWithBotConnector } from '../support/bot-app';

describeEachStore('a card posted in a chat after its contact is deleted (BOT-2, FIELD-1)', (store) => {
  const bot = appWithBotConnector(store);

  const cardText = (a: { activity: { attachments?: unknown[] } }) => JSON.stringify(a.activity.attachments ?? []);
  const isCardPost = (a: { kind: string; activity: { attachments?: unknown[] } }) => a.kind !== 'update' && (a.activity.attachments?.length ?? 0) > 0;

  it('is redrawn in place without the deleted contact', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'deleted-contact', channel: 'chat', contact: { name: 'Robert Ferrars', email: 'robert@ferrars.example' } }));
    const [row] = await store().query<{ contact_id: string }>("SELECT contact_id FROM interactions WHERE id = 'deleted-contact'");
    const contactId = row!.contact_id;
    const followed = await fetch(`${bot.app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: 'in-1', text: 'follow interaction deleted-contact', locale: 'en-US', channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
        from: { id: 'user-1', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' }, recipient: { id: 'bot-1', name: 'Customer Card' },
        conversation: { id: 'chat-deleted', conversationType: 'groupChat' },
      }),
    });
    expect(followed.status).toBe(200);
    await waitUntil(() => bot.connector.received.some((a) => isCardPost(a) && a.conversationId === 'chat-deleted'));
    const posted = bot.connector.received.find((a) => isCardPost(a) && a.conversationId === 'chat-deleted')!;
    // The card names the contact as its card does; once the card is gone, as the interaction gave it.
    const renamed = await fetch(`${bot.app.baseUrl}/api/contacts/${contactId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Robert Ferrars, Esq.' }) });
    expect(renamed.status).toBe(200);
    await waitUntil(() => bot.connector.received.some((a) => a.kind === 'update' && a.conversationId === 'chat-deleted' && cardText(a).includes('Robert Ferrars, Esq.')));

    const sentBefore = bot.connector.received.length;
    expect((await fetch(`${bot.app.baseUrl}/api/contacts/${contactId}`, { method: 'DELETE' })).status).toBe(204);
    const redrawn = () => bot.connector.received.slice(sentBefore).find((a) => a.kind === 'update' && a.conversationId === 'chat-deleted' && !cardText(a).includes('Esq.'));
    await waitUntil(() => redrawn() !== undefined, 10_000);
    expect(cardText(redrawn()!)).toContain('Robert Ferrars');
    expect(redrawn()!.activityId).toBe(posted.activityId); // the posted card, updated in place
  });
});
