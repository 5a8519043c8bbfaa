import { insertContact } from '../../src/domain/contacts/contacts-store';
import { appWithBotConnector } from '../support/bot-app';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

interface Action { type: string; title: string; verb?: string; data?: Record<string, string> }
interface Card { body: unknown[]; actions?: Action[] }
type User = { id: string; name: string; aadObjectId: string };

const ELINOR: User = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };
const MARIANNE: User = { id: '29:marianne', name: 'Marianne Dashwood', aadObjectId: 'marianne-oid' };

/** Every action on the card, those inside ActionSets and Action.ShowCard included. */
function actionsOf(node: unknown): Action[] {
  if (Array.isArray(node)) return node.flatMap(actionsOf);
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const own = typeof n.type === 'string' && n.type.startsWith('Action.') ? [n as unknown as Action] : [];
  return [...own, ...Object.values(n).flatMap(actionsOf)];
}
const action = (card: Card, verb: string) => actionsOf(card).find((a) => a.verb === verb);

describeEachStore('possible duplicates on the bot’s card (MERGE-8)', (store) => {
  const bot = appWithBotConnector(store);

  let n = 0;
  const teamsActivity = (from: User, fields: Record<string, unknown>) => ({
    channelId: 'msteams', serviceUrl: bot.connector.serviceUrl, locale: 'en-US', id: `in-${++n}`,
    from, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: 'agents', conversationType: 'groupChat' },
    ...fields,
  });
  const post = (body: object) => fetch(`${bot.app.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function say(text: string, from = ELINOR): Promise<Card> {
    bot.connector.received.length = 0;
    expect((await post(teamsActivity(from, { type: 'message', text }))).status).toBe(200);
    return (bot.connector.received[0]!.activity.attachments as Array<{ content: Card }>)[0]!.content;
  }
  async function press(pressed: Pick<Action, 'verb' | 'data'>, from = ELINOR): Promise<Card> {
    const response = await post(teamsActivity(from, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: pressed.verb, data: pressed.data } } }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { value: Card }).value;
  }

  /** Edward's card from his call, and a card an agent made for him since with another number. */
  async function twoEdwards(): Promise<{ known: string; fresh: string }> {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-1', division: 'support-emea', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    const fresh = await store().transaction((tx) => insertContact(tx, { type: 'curated', name: 'Edward Ferrars', identifiers: [{ kind: 'phone', value: '+18035550199' }] }));
    return { known: (await contactOf(store(), 'call-1'))!, fresh };
  }

  it('shows the hint with its reason; Dismiss records it for everyone and answers with the card without it', async () => {
    const { known, fresh } = await twoEdwards();
    const card = await say('+1 803 555 0199');
    expect(JSON.stringify(card)).toContain('Edward Ferrars — same name, different phone number');
    const dismiss = action(card, 'dismissDuplicate')!;
    expect(dismiss.data).toEqual({ cardKind: 'contact', cardId: fresh, otherId: known });

    const answered = await press(dismiss);
    expect(JSON.stringify(answered)).toContain('“Edward Ferrars” is no longer suggested as a duplicate of this card.');
    expect(action(answered, 'dismissDuplicate')).toBeUndefined();
    expect(await store().query('SELECT contact_a, contact_b, dismissed_by_name FROM duplicate_dismissals')).toEqual([
      { contact_a: [known, fresh].sort()[0], contact_b: [known, fresh].sort()[1], dismissed_by_name: 'Elinor Dashwood' },
    ]);
    expect(JSON.stringify(await say('+1 803 555 0199', MARIANNE))).not.toContain('Possible duplicate');
  });

  it('the hint’s merge folds the other card into this one, with the bot’s merge action', async () => {
    const { known } = await twoEdwards();
    const merged = await press(action(await say('+1 803 555 0199'), 'merge')!);
    expect(JSON.stringify(merged)).toContain('Merged “Edward Ferrars” into this card.');
    expect(JSON.stringify(merged)).toContain('+1 803 555 0142'); // the other card's number now shows here
    expect(JSON.stringify(merged)).not.toContain('Possible duplicate');
    expect(await store().query('SELECT alias_id FROM merges')).toEqual([{ alias_id: known }]);
  });
});
