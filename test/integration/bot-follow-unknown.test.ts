import type { ReceivedActivity } from '../support/bot-connector';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';
import { appWithBotConnector } from '../support/bot-app';

/** An Agent of sales only: the support call is outside her divisions. */
const ELINOR = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };

/**
 * Issue #16: following an interaction the user may not see, or one that does not exist, is answered
 * truthfully (not "That contact no longer exists.") and alike, so the answer reveals neither.
 */
describeEachStore('follow interaction for an interaction the user cannot have (issue #16)', (store) => {
  const bot = appWithBotConnector(store);
  beforeAll(async () => {
    await store().query(`INSERT INTO known_users (user_id, name, roles) VALUES ('elinor-oid', 'Elinor Dashwood', '{}')`);
    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('elinor-oid', 'sales')`);
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'support-call', channel: 'voice', division: 'support-emea', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
  });

  let n = 0;
  async function say(text: string, locale = 'en-US'): Promise<ReceivedActivity> {
    const id = `in-${++n}`;
    const response = await fetch(`${bot.app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id, text, locale, channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
        from: ELINOR, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: 'chat-unknown', conversationType: 'groupChat' },
      }),
    });
    expect(response.status).toBe(200);
    return bot.connector.received.find((a) => a.replyToId === id)!;
  }

  it.each([
    ['that does not exist', 'no-such-call'],
    ['outside the user\'s divisions', 'support-call'],
  ])('answers the same for an interaction %s, and follows nothing', async (_case, id) => {
    expect((await say(`follow interaction ${id}`)).activity.text).toBe(`I can't find interaction ${id}, or you may not see it.`);
    expect(await store().query('SELECT * FROM bot_follows')).toEqual([]);
  });

  it.each([
    ['fr-FR', 'Je ne trouve pas l’interaction support-call, ou vous n’êtes pas autorisé à la voir.'],
    ['de-DE', 'Ich finde die Interaktion support-call nicht, oder Sie dürfen sie nicht sehen.'],
    ['sv-SE', 'Jag hittar inte interaktionen support-call, eller så får du inte se den.'],
    ['ja-JP', '対応 support-call が見つからないか、表示する権限がありません。'],
  ])('says so in the chat user\'s language (%s)', async (locale, answer) => {
    expect((await say('follow interaction support-call', locale)).activity.text).toBe(answer);
  });

  it('quotes a typed id as text, not as markdown', async () => {
    expect((await say('follow interaction *bold*')).activity.text).toBe("I can't find interaction \\*bold\\*, or you may not see it.");
  });
});
