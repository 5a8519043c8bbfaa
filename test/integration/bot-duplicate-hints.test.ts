import { insertContact } from '../../src/domain/contacts/contacts-store';
import { appWithBotConnector } from '../support/bot-app';
import { actionOf, groupChat, type ChatUser } from '../support/bot-chat';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

const ELINOR: ChatUser = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };
const MARIANNE: ChatUser = { id: '29:marianne', name: 'Marianne Dashwood', aadObjectId: 'marianne-oid' };

describeEachStore('possible duplicates on the bot’s card (MERGE-8)', (store) => {
  const bot = appWithBotConnector(store);

  const { say, press } = groupChat(bot, 'agents', ELINOR);

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
    const dismiss = actionOf(card, 'dismissDuplicate')!;
    expect(dismiss.data).toEqual({ cardKind: 'contact', cardId: fresh, otherId: known });

    const answered = await press(dismiss);
    expect(JSON.stringify(answered)).toContain('“Edward Ferrars” is no longer suggested as a duplicate of this card.');
    expect(actionOf(answered, 'dismissDuplicate')).toBeUndefined();
    expect(await store().query('SELECT contact_a, contact_b, dismissed_by_name FROM duplicate_dismissals')).toEqual([
      { contact_a: [known, fresh].sort()[0], contact_b: [known, fresh].sort()[1], dismissed_by_name: 'Elinor Dashwood' },
    ]);
    expect(JSON.stringify(await say('+1 803 555 0199', MARIANNE))).not.toContain('Possible duplicate');
  });

  it('the hint’s merge folds the other card into this one, with the bot’s merge action', async () => {
    const { known } = await twoEdwards();
    const merged = await press(actionOf(await say('+1 803 555 0199'), 'merge')!);
    expect(JSON.stringify(merged)).toContain('Merged “Edward Ferrars” into this card.');
    expect(JSON.stringify(merged)).toContain('+1 803 555 0142'); // the other card's number now shows here
    expect(JSON.stringify(merged)).not.toContain('Possible duplicate');
    expect(await store().query('SELECT alias_id FROM merges')).toEqual([{ alias_id: known }]);
  });
});
