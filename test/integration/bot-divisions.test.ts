import { putRole } from '../../src/domain/access/role-store';
import type { ReceivedActivity } from '../support/bot-connector';
import { anInteractionEvent, contactOf } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { postEventApplied } from '../support/webhook-client';
import { appWithBotConnector } from '../support/bot-app';

interface Card { body: unknown[]; refresh?: { action: { data: Record<string, string> }; userIds: string[] } }
type User = { id: string; name: string; aadObjectId: string };

/** An Agent of sales only (her last tab sign-in: no app role, so the default role; divisions by admin). */
const ELINOR: User = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };
/** A Supervisor: every division. */
const BRANDON: User = { id: '29:brandon', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' };

/** What must never reach Elinor: the support interaction's id and its messages. */
const SECRET = ['support-call', 'Account number 4471'];

/**
 * BOT-1 under divisions (issue #13): every way the bot shows a card — posts for interaction, division
 * and contact follows, lookups, actions and refreshes — shows a follower only what they may see by
 * the API's rule. Edward Ferrars has a chat in sales, which Elinor sees, and a call in support-emea,
 * which she does not.
 */
describeEachStore('the bot shows each user only their divisions (issue #13, point 1)', (store) => {
  const bot = appWithBotConnector(store);
  beforeEach(async () => {
    bot.connector.received.length = 0;
    await store().query(`INSERT INTO known_users (user_id, name, roles) VALUES ('elinor-oid', 'Elinor Dashwood', '{}'), ('brandon-oid', 'Colonel Brandon', '{Supervisor}')`);
    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('elinor-oid', 'sales')`);
    await event('sales-chat', 'Can I collect it in Barton?', 'chat', 'sales');
    await event('support-call', 'Account number 4471 is locked', 'voice', 'support-emea');
  });

  let n = 0;
  function event(interactionId: string, text: string, channel: string, division: string) {
    const message = { id: `m-${++n}`, direction: 'inbound', text };
    const payload = anInteractionEvent('interaction.message', { interactionId, channel, division, contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' }, extra: { message } });
    return postEventApplied(bot.app, payload).then((r) => expect(r.status).toBe(202));
  }
  const post = (body: object) => fetch(`${bot.app.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const activity = (from: User, conversationId: string, fields: object) => ({
    channelId: 'msteams', serviceUrl: bot.connector.serviceUrl, locale: 'en-US', id: `in-${++n}`,
    from, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: conversationId, conversationType: 'groupChat' }, ...fields,
  });
  /** Says something in a chat; the bot's answer (a text or a card). */
  async function say(from: User, text: string, conversationId = 'chat'): Promise<ReceivedActivity> {
    const message = activity(from, conversationId, { type: 'message', text });
    expect((await post(message)).status).toBe(200);
    return bot.connector.received.find((a) => a.replyToId === message.id)!;
  }
  /** Presses an Action.Execute as Teams does; the card answered. */
  async function press(from: User, verb: string, data: Record<string, string>): Promise<string> {
    const response = await post(activity(from, 'chat', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }));
    expect(response.status).toBe(200);
    return JSON.stringify(((await response.json()) as { value: Card }).value);
  }
  /** Every card update waiting has been sent (or dropped): what a chat will get, it has got. */
  const settled = () => waitUntil(async () => (await store().query('SELECT 1 FROM bot_updates')).length === 0);
  const cardsIn = (conversationId: string, from = 0) =>
    bot.connector.received.slice(from).filter((a) => a.conversationId === conversationId && (a.activity.attachments?.length ?? 0) > 0);
  const cardOf = (a: ReceivedActivity) => (a.activity.attachments as Array<{ content: Card }>)[0]!.content;
  const shows = (a: ReceivedActivity, text: string) => JSON.stringify(a.activity.attachments).includes(text);
  const leaked = (activities: ReceivedActivity[]) => activities.filter((a) => SECRET.some((s) => JSON.stringify(a.activity).includes(s)));

  it('a contact follow brings only the contact\'s interactions its follower may see', async () => {
    await say(ELINOR, 'follow contact +1 803-555-0142');
    await event('support-call', 'Account number 4471 again', 'voice', 'support-emea');
    await event('sales-chat', 'Tuesday suits me', 'chat', 'sales');
    await waitUntil(() => cardsIn('chat').some((a) => shows(a, 'Tuesday suits me')));
    await settled();
    expect(leaked(bot.connector.received)).toEqual([]);
    expect(cardsIn('chat').map((a) => cardOf(a).refresh!.userIds)).toEqual(cardsIn('chat').map(() => [ELINOR.id]));
  });

  it('a contact follow brings nothing once its follower may no longer see contacts', async () => {
    await say(ELINOR, 'follow contact +1 803-555-0142');
    await say(ELINOR, 'follow division sales');
    await putRole(store(), { id: 'setup', name: 'Setup' }, 'Dispatcher', ['interactions:view-division']);
    await store().query(`UPDATE known_users SET roles = '{Dispatcher}' WHERE user_id = 'elinor-oid'`); // her next sign-in carried this role
    await event('sales-chat', 'Sunday, by contact', 'chat', 'sales');
    await waitUntil(() => cardsIn('chat').some((a) => shows(a, 'Sunday, by contact'))); // her division follow still brings it
    await store().query(`DELETE FROM bot_follows WHERE kind = 'division'`);
    const before = bot.connector.received.length;
    await event('sales-chat', 'Monday, by contact', 'chat', 'sales');
    await settled();
    expect(bot.connector.received.slice(before).filter((a) => shows(a, 'Monday, by contact'))).toEqual([]);
  });

  it('a division follow stops bringing its interactions when its follower loses the division', async () => {
    expect((await say(ELINOR, 'follow division support-emea')).activity.text).toBe('I could not do that: support-emea'); // not hers
    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('elinor-oid', 'support-emea')`);
    await say(ELINOR, 'follow division support-emea');
    await say(ELINOR, 'follow division sales');
    await store().query(`DELETE FROM user_divisions WHERE user_id = 'elinor-oid' AND division = 'support-emea'`); // the admin takes it away
    await event('support-call', 'Account number 4471 once more', 'voice', 'support-emea');
    await event('sales-chat', 'Wednesday then', 'chat', 'sales');
    await waitUntil(() => cardsIn('chat').some((a) => shows(a, 'Wednesday then')));
    await settled();
    expect(leaked(bot.connector.received)).toEqual([]);
  });

  it('an interaction follow is refused outside the follower\'s divisions, and stops when they lose its division', async () => {
    expect((await say(ELINOR, 'follow interaction support-call')).activity.text).toBe("I can't find interaction support-call, or you may not see it.");
    expect(await store().query('SELECT * FROM bot_follows')).toEqual([]);

    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('elinor-oid', 'support-emea')`);
    await say(ELINOR, 'follow interaction support-call', 'her-chat');
    await waitUntil(() => cardsIn('her-chat').some((a) => shows(a, 'support-call'))); // while she may see it
    await store().query(`DELETE FROM user_divisions WHERE user_id = 'elinor-oid' AND division = 'support-emea'`);
    const lost = bot.connector.received.length;
    await say(ELINOR, 'follow interaction sales-chat', 'her-chat');
    await event('support-call', 'Account number 4471 after she lost it', 'voice', 'support-emea');
    await event('sales-chat', 'Thursday is fine', 'chat', 'sales');
    await waitUntil(() => cardsIn('her-chat').some((a) => shows(a, 'Thursday is fine')));
    await settled();
    expect(leaked(bot.connector.received.slice(lost))).toEqual([]);
  });

  it('a chat is shown an interaction for the followers who may see it, and only they refresh it to their view', async () => {
    await say(ELINOR, 'follow contact +1 803-555-0142');
    await say(BRANDON, 'follow division support-emea');
    await event('support-call', 'Account number 4471 for the supervisor', 'voice', 'support-emea');
    await event('sales-chat', 'Friday?', 'chat', 'sales');
    await waitUntil(() => cardsIn('chat').some((a) => shows(a, 'Friday?')) && cardsIn('chat').some((a) => shows(a, 'for the supervisor')));
    await settled();
    const lastCardOf = (interactionId: string) => cardOf(cardsIn('chat').filter((a) => shows(a, `interactionId=${interactionId}`)).at(-1)!);
    expect(lastCardOf('support-call').refresh!.userIds).toEqual([BRANDON.id]); // Elinor's client is not asked to show it
    expect(lastCardOf('sales-chat').refresh!.userIds).toEqual([ELINOR.id]); // Brandon follows support-emea, not sales
    expect(await press(ELINOR, 'refresh', lastCardOf('support-call').refresh!.action.data)).not.toMatch(/support-call|4471/);
  });

  it('a posted card is no longer redrawn once no follower who may see it follows it, not even when its contact changes', async () => {
    await say(ELINOR, 'follow contact +1 803-555-0142');
    await say(BRANDON, 'follow interaction support-call');
    await waitUntil(() => cardsIn('chat').some((a) => shows(a, 'interactionId=support-call')));
    await settled();
    await say(BRANDON, 'unfollow interaction support-call');
    const unfollowed = bot.connector.received.length;
    await event('support-call', 'Account number 4471 unfollowed', 'voice', 'support-emea');
    await event('sales-chat', 'Saturday', 'chat', 'sales');
    await waitUntil(() => cardsIn('chat', unfollowed).some((a) => shows(a, 'Saturday')));
    await settled();
    const contactId = (await contactOf(store(), 'sales-chat'))!;
    const edit = await fetch(`${bot.app.baseUrl}/api/contacts/${contactId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edward Ferrars Jr' }) });
    expect(edit.status).toBe(200);
    await waitUntil(() => cardsIn('chat', unfollowed).some((a) => a.kind === 'update' && shows(a, 'Edward Ferrars Jr'))); // the sales card is redrawn…
    await settled();
    expect(leaked(bot.connector.received.slice(unfollowed))).toEqual([]); // …the support card is not
  });

  it('a lookup shows the contact with only the interactions of the user\'s divisions', async () => {
    const byPhone = JSON.stringify((await say(ELINOR, '+1 803-555-0142')).activity.attachments);
    const byName = JSON.stringify((await say(ELINOR, 'Edward Ferrars')).activity.attachments);
    for (const card of [byPhone, byName]) {
      expect(card).toContain('Edward Ferrars');
      expect(card).toContain('Chat'); // the sales chat…
      expect(card).not.toContain('Call'); // …but not the support call
    }
    expect(JSON.stringify((await say(BRANDON, 'Edward Ferrars')).activity.attachments)).toContain('Call'); // the control: it is there to see
  });

  it('actions and refreshes answer with what the pressing user may see', async () => {
    const notThere = 'That interaction does not exist, or it is outside your divisions.';
    const refreshed = await press(ELINOR, 'refresh', { cardKind: 'interaction', cardId: 'support-call' });
    expect(refreshed).toContain(notThere);
    expect(refreshed).not.toContain('4471');
    const linked = await press(ELINOR, 'link', { cardKind: 'interaction', cardId: 'support-call', type: 'contact', id: '00000000-0000-4000-8000-000000000000' });
    expect(linked).toContain(notThere);
    expect(linked).not.toContain('4471');
    const contact = await press(ELINOR, 'refresh', { cardKind: 'contact', cardId: (await contactOf(store(), 'support-call'))! });
    expect(contact).toContain('Chat');
    expect(contact).not.toContain('Call');
    expect(await press(BRANDON, 'refresh', { cardKind: 'interaction', cardId: 'support-call' })).toContain('4471'); // the control
  });
});
