import { insertContact } from '../../src/domain/contacts/contacts-store';
import { startApp, type RunningApp } from '../support/app-server';
import { startBotConnector } from '../support/bot-connector';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

type Card = { type: string; version: string; body: unknown[]; actions?: Array<{ type: string; title: string; url?: string; verb?: string; data?: { cardKind: string; cardId: string } }> };

describeEachStore('the bot in a chat, over HTTP through a local Bot Connector', (store) => {
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  beforeAll(async () => {
    app = await startApp(store());
    connector = await startBotConnector();
  });
  afterAll(async () => {
    await connector.close();
    await app.close();
  });

  let n = 0;
  async function say(text: string, locale = 'en-US'): Promise<Card> {
    connector.received.length = 0;
    const response = await fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({
        type: 'message', id: `in-${++n}`, text, locale,
        // As Teams sends an @mention of the bot in group chats and channels.
        ...(text.includes('<at>') ? { entities: [{ type: 'mention', text: '<at>Customer Card</at>', mentioned: { id: 'bot-1', name: 'Customer Card' } }] } : {}),
      })),
    });
    expect(response.status).toBe(200);
    expect(connector.received).toHaveLength(1);
    const [attachment] = connector.received[0]!.activity.attachments as Array<{ contentType: string; content: Card }>;
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment!.content.version).toBe('1.5');
    return attachment!.content;
  }

  const activity = (fields: Record<string, unknown>) => ({
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: 'user-1', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' },
    recipient: { id: 'bot-1', name: 'Customer Card' },
    conversation: { id: 'conv-1', conversationType: 'groupChat' },
    ...fields,
  });

  it('answers a name, or a phone number in any format, with the customer card', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'b-call', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    for (const text of ['Edward Ferrars', '(803) 555-0142', '<at>Customer Card</at> ferrars']) {
      const card = JSON.stringify(await say(text));
      expect(card).toContain('Edward Ferrars');
      expect(card).toContain('+1 803 555 0142'); // read in international format (issue #16)
      expect(card).toContain('Open in tab');
    }
  });

  it('answers several matches with a list to pick from, and the pick with the card (Action.Execute)', async () => {
    const phone = { kind: 'phone' as const, value: '+18031230000' };
    const [alexis] = await store().transaction(async (tx) => [
      await insertContact(tx, { type: 'curated', name: 'Alexis Grant', identifiers: [phone], createdAt: new Date('2026-02-04') }),
      await insertContact(tx, { type: 'curated', name: 'David Grant', identifiers: [phone], createdAt: new Date('2026-03-20') }),
    ]);
    const list = await say('803 123 0000');
    expect(JSON.stringify(list)).toContain('2 matching contacts');
    const pick = list.actions!.find((a) => a.title === 'Alexis Grant')!;
    expect(pick).toMatchObject({ type: 'Action.Execute', verb: 'showCard', data: { cardKind: 'contact', cardId: alexis } });

    const response = await fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-1', value: { action: { type: 'Action.Execute', verb: 'showCard', data: pick.data } } })),
    });
    expect(response.status).toBe(200);
    const invoke = (await response.json()) as { statusCode: number; type: string; value: Card };
    expect(invoke).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(invoke.value)).toContain('Alexis Grant');
  });

  it('answers an action on a contact that no longer exists with a readable card, not a failure', async () => {
    const response = await fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-2', value: { action: { type: 'Action.Execute', verb: 'showCard', data: { cardKind: 'contact', cardId: '00000000-0000-4000-8000-000000000000' } } } })),
    });
    const invoke = (await response.json()) as { statusCode: number; value: Card };
    expect(invoke.statusCode).toBe(200);
    expect(JSON.stringify(invoke.value)).toContain('That contact no longer exists.');
  });

  it('answers no match with Create contact in the tab, pre-filled', async () => {
    const card = await say('lucy@steele.example');
    expect(JSON.stringify(card)).toContain('No contact matches “lucy@steele.example”.');
    expect(card.actions![0]!.url).toMatch(/\/tab\?email=lucy%40steele.example$/);
  });

  it('speaks the chat user\'s language', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'b-ja', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    const card = JSON.stringify(await say('Edward Ferrars', 'ja-JP'));
    expect(card).toContain('タブで開く');
    expect(card).toContain('最近のインタラクション');
  });

  it('keeps the card under Teams\' size limit for a contact with 1,000 interactions, with "open in tab" for the rest (BOT-4)', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'b-1000-0', contact: { name: 'Marianne Dashwood', email: 'marianne@barton.example' } }));
    await store().query(
      `INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at, started_at)
       SELECT 'b-1000-' || g, (SELECT contact_id FROM interactions WHERE id = 'b-1000-0'), 'chat', 'support-emea', 'inbound', 'ended', now(), now() - make_interval(mins => g)
       FROM generate_series(1, 999) g`,
    );
    const card = await say('marianne@barton.example');
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
    expect(JSON.stringify(card)).toMatch(/and \d+ more interactions — open the card in the tab to see all\./);
  });
});
