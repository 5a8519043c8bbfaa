import { putRole } from '../../src/domain/access/role-store';
import { insertContact } from '../../src/domain/contacts/contacts-store';
import { saveFeatures } from '../../src/settings/features';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { appWithBotConnector } from '../support/bot-app';
import { actionOf, actionsOf, groupChat, type Card, type ChatUser } from '../support/bot-chat';

const ELINOR: ChatUser = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };
const BRANDON: ChatUser = { id: '29:brandon', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' };

describeEachStore('Universal Actions on the cards in chats (BOT-3)', (store) => {
  const bot = appWithBotConnector(store);

  const chat = groupChat(bot, 'supervisors', ELINOR);
  const { post, say, press } = chat;
  const teamsActivity = chat.activity;

  const edwardsCall = () => ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-1', division: 'support-emea', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
  const interactionCard = (id = 'call-1') => ({ verb: 'refresh', data: { cardKind: 'interaction', cardId: id } });
  async function crmContact(name: string): Promise<string> {
    const [row] = await store().query<{ id: string }>(`INSERT INTO crm_records (type, name, phones) VALUES ('contact', $1, '{+18035550142}') RETURNING id`, [name]);
    return row!.id;
  }

  it('merges a likely duplicate picked on the card, as the user who pressed it, and answers with the merged card', async () => {
    await edwardsCall();
    const ed = await store().transaction((tx) => insertContact(tx, { type: 'curated', name: 'Ed Ferrars', identifiers: [{ kind: 'email', value: 'ed@norland.example' }] }));
    const card = await say('Edward Ferrars');
    const merge = actionOf(card, 'merge', 'Ed Ferrars')!;
    expect(merge.data).toMatchObject({ cardKind: 'contact', mergedId: ed });

    const merged = await press(merge);
    expect(JSON.stringify(merged)).toContain('Merged “Ed Ferrars” into this card.');
    expect(JSON.stringify(merged)).toContain('ed@norland.example'); // the merged card's identifiers now show here
    expect(actionOf(merged, 'merge', 'Ed Ferrars')).toBeUndefined();
    const [audit] = await store().query<{ alias_id: string; actor_name: string }>('SELECT alias_id, actor_name FROM merges');
    expect(audit).toEqual({ alias_id: ed, actor_name: 'Elinor Dashwood' });
  });

  it('merges several ticked duplicates in one step (MERGE-7), audited as one action', async () => {
    await edwardsCall();
    const ed = await store().transaction((tx) => insertContact(tx, { type: 'curated', name: 'Ed Ferrars', identifiers: [{ kind: 'email', value: 'ed@norland.example' }] }));
    const edward = await store().transaction((tx) => insertContact(tx, { type: 'curated', name: 'Edward F.', identifiers: [{ kind: 'email', value: 'edward@norland.example' }] }));
    const card = await say('Edward Ferrars');
    const choices = JSON.stringify(card).match(/"id":"mergeIds"/);
    expect(choices).not.toBeNull(); // the ShowCard offers a multi-select of the duplicates
    const mergeMany = actionOf(card, 'mergeMany')!;
    expect(mergeMany.title).toBe('Merge the ticked cards');

    // Teams sends the ticked values of a multi-select joined by commas, beside the action's data.
    const merged = await press({ verb: 'mergeMany', data: { ...mergeMany.data, mergeIds: `${ed},${edward}` } });
    expect(JSON.stringify(merged)).toContain('Merged Ed Ferrars and Edward F. into this card.');
    const audits = await store().query<{ alias_id: string; group_id: string }>('SELECT alias_id, group_id FROM merges ORDER BY seq');
    expect(audits.map((a) => a.alias_id)).toEqual([ed, edward]);
    expect(new Set(audits.map((a) => a.group_id)).size).toBe(1);

    const refused = await press({ verb: 'mergeMany', data: { ...mergeMany.data, mergeIds: '' } });
    expect(JSON.stringify(refused)).toMatch(/tick the cards to merge/);
  });

  it('links a matching CRM record, relates the activity to it and unlinks it, each answered with the updated card', async () => {
    await edwardsCall();
    const recordId = await crmContact('Edward Ferrars (CRM)');
    const card = await press(interactionCard());
    const link = actionOf(card, 'link')!;
    expect(link.data).toEqual({ cardKind: 'interaction', cardId: 'call-1', type: 'contact', id: recordId });

    const linked = await press(link);
    expect(JSON.stringify(linked)).toContain('Linked Edward Ferrars (CRM).');
    expect(JSON.stringify(linked)).toContain('Edward Ferrars (CRM) (contact) · written when the interaction is done');
    expect(actionOf(linked, 'link')).toBeUndefined();
    expect(await store().query('SELECT record_id, linked_by FROM crm_links')).toEqual([{ record_id: recordId, linked_by: 'Elinor Dashwood' }]);

    const related = await press(actionOf(linked, 'relateTo')!);
    expect(JSON.stringify(related)).toContain('The activity now relates to Edward Ferrars (CRM).');
    expect(JSON.stringify(related)).toContain('The activity relates to: Edward Ferrars (CRM)');
    expect(actionOf(related, 'relateTo')).toBeUndefined();

    const unlinked = await press(actionOf(related, 'unlink')!);
    expect(JSON.stringify(unlinked)).toContain('Unlinked Edward Ferrars (CRM).');
    expect(await store().query('SELECT * FROM crm_links')).toEqual([]);
    expect(actionOf(unlinked, 'link')).toBeDefined();
  });

  it('answers a failing action with the card and a readable reason, never a generic failure', async () => {
    await edwardsCall();
    const missing = await press({ verb: 'link', data: { cardKind: 'interaction', cardId: 'call-1', type: 'contact', id: '00000000-0000-4000-8000-000000000000' } });
    expect(JSON.stringify(missing)).toContain('I could not do that: the CRM has no contact 00000000-0000-4000-8000-000000000000');
    expect(JSON.stringify(missing)).toContain('Edward Ferrars'); // still the card, with the reason on top
    expect(missing.body[0]).toMatchObject({ type: 'Container', style: 'attention' });

    const unknown = await press({ verb: 'explode', data: { cardKind: 'interaction', cardId: 'call-1' } });
    expect(JSON.stringify(unknown)).toContain('this card has no action “explode”');

    const gone = await press(interactionCard('no-such-interaction'));
    expect(JSON.stringify(gone)).toContain('That interaction does not exist, or it is outside your divisions.');

    const garbled = await press({ verb: 'refresh', data: { something: 'else' } });
    expect(JSON.stringify(garbled)).toContain('this card is from an older version');
  });

  it('refuses an action the admin switched off, and no longer offers it', async () => {
    await edwardsCall();
    const recordId = await crmContact('Edward Ferrars (CRM)');
    await saveFeatures(store(), { 'crm.link': false, 'crm.relatesTo': false }, 'admin');
    const card = await press(interactionCard());
    expect(actionOf(card, 'link')).toBeUndefined();
    const refused = await press({ verb: 'link', data: { cardKind: 'interaction', cardId: 'call-1', type: 'contact', id: recordId } });
    expect(JSON.stringify(refused)).toContain('the crm.link feature is switched off for this tenant');
    expect(await store().query('SELECT * FROM crm_links')).toEqual([]);
  });

  it('refreshes the card for each listed viewer to what their roles and divisions allow', async () => {
    await edwardsCall();
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'chat-sales', channel: 'chat', division: 'sales', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    // Roles come from each user's last tab sign-in; Brandon is an Agent of sales, Elinor a Supervisor.
    await store().query(`INSERT INTO known_users (user_id, name, roles) VALUES ('elinor-oid', 'Elinor Dashwood', '{Supervisor}'), ('brandon-oid', 'Colonel Brandon', '{}')`);
    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('brandon-oid', 'sales')`);

    const card = await say('Edward Ferrars');
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { cardKind: 'contact', cardId: expect.any(String) } }, userIds: [ELINOR.id] });
    const asElinor = JSON.stringify(await press(card.refresh!.action));
    const asBrandon = JSON.stringify(await press(card.refresh!.action, BRANDON));
    expect(asElinor).toContain('Call');
    expect(asElinor).toContain('Chat');
    expect(asBrandon).toContain('Chat');
    expect(asBrandon).not.toContain('Call');

    // Outside his divisions the interaction does not exist for him, even through a card he was shown.
    expect(JSON.stringify(await press(interactionCard('call-1'), BRANDON))).toContain('That interaction does not exist, or it is outside your divisions.');
  });

  it('shows contact cards only to users with contacts:view, as the API does', async () => {
    await edwardsCall();
    await putRole(store(), { id: 'setup', name: 'Setup' }, 'Dispatcher', ['interactions:view-division']);
    await store().query(`INSERT INTO known_users (user_id, name, roles) VALUES ('brandon-oid', 'Colonel Brandon', '{Dispatcher}')`);
    const asElinor = await say('Edward Ferrars');
    expect(JSON.stringify(await say('Edward Ferrars', BRANDON))).toContain('you need the contacts:view permission to look up contacts');
    expect(JSON.stringify(await press(asElinor.refresh!.action, BRANDON))).toContain('you need the contacts:view permission to see contacts');
  });

  it('posts followed cards without actions, refreshed to each follower\'s own view', async () => {
    await edwardsCall();
    await crmContact('Edward Ferrars (CRM)');
    bot.connector.received.length = 0;
    await post(teamsActivity(BRANDON, { type: 'message', text: 'follow interaction call-1' }));
    await waitUntil(() => bot.connector.received.some((a) => !!a.activity.attachments?.length));
    const posted = (bot.connector.received.find((a) => a.activity.attachments?.length)!.activity.attachments as Array<{ content: Card }>)[0]!.content;
    expect(actionsOf(posted).map((a) => a.verb ?? a.type)).toEqual(['refresh', 'Action.OpenUrl']); // no actions until a viewer asks
    expect(posted.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { cardKind: 'interaction', cardId: 'call-1' } }, userIds: [BRANDON.id] });
    expect(actionOf(await press(posted.refresh!.action, BRANDON), 'link')).toBeDefined();
  });
});
