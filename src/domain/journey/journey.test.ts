import { aWebVisit, anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { describeEachStore } from '../../../test/support/stores';
import { permissionsOf } from '../access/permissions';
import { DEVELOPMENT_USER } from '../access/users';
import { loadCustomerCard } from '../cards/customer-card';
import { promoteContact } from '../contacts/promote';
import { mergeCards } from '../merge/merge-cards';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
const urls = (card: Awaited<ReturnType<typeof loadCustomerCard>>) => card.visits.map((v) => v.url);

describeEachStore('the customer journey (JOURNEY-1): web visits of the contact and its aliases', (store) => {
  async function visitor(cookie: string, pages: string[], from = 0): Promise<string> {
    await ingest(store(), ...pages.map((page, n) => aWebVisit(cookie, `https://classics.example/${page}`, at(from + n))));
    const [row] = await store().query<{ contact_id: string }>("SELECT contact_id FROM contact_identifiers WHERE kind = 'cookie' AND value = $1", [cookie]);
    return row!.contact_id;
  }

  it('an ephemeral visitor’s journey is kept when they become known in a chat, and when they are promoted', async () => {
    const id = await visitor('gc_lucy', ['poetry', 'novels', 'checkout']);
    // The visitor gives an e-mail in a web chat: the same card, now identified, with its journey.
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'chat-1', channel: 'chat', contact: { cookie: 'gc_lucy', email: 'lucy@steele.example' } }));
    expect(await contactOf(store(), 'chat-1')).toBe(id);
    await promoteContact(store(), id);
    const card = await loadCustomerCard(store(), id, DEVELOPMENT_USER);
    expect(card.contact.type).toBe('curated');
    expect(urls(card)).toEqual(['https://classics.example/poetry', 'https://classics.example/novels', 'https://classics.example/checkout']);
    expect(card.interactions.map((i) => i.id)).toEqual(['chat-1']);
  });

  it('a visitor merged into a known card brings their journey, in time order with the card’s own', async () => {
    const known = await visitor('gc_edward', ['account', 'orders'], 10);
    const anonymous = await visitor('gc_laptop', ['poetry', 'help'], 0);
    await mergeCards(store(), DEVELOPMENT_USER, known, anonymous);
    expect(urls(await loadCustomerCard(store(), known, DEVELOPMENT_USER))).toEqual([
      'https://classics.example/poetry', 'https://classics.example/help', 'https://classics.example/account', 'https://classics.example/orders',
    ]);
    // Later visits with the merged-in cookie still reach the card.
    await ingest(store(), aWebVisit('gc_laptop', 'https://classics.example/contact', at(30)));
    expect(urls(await loadCustomerCard(store(), anonymous, DEVELOPMENT_USER)).at(-1)).toBe('https://classics.example/contact');
  });

  it('comes with the card only for those with journey:view', async () => {
    const id = await visitor('gc_elinor', ['poetry']);
    const agent = { divisions: '*' as const, permissions: permissionsOf(['Agent']) };
    const noJourney = { divisions: '*' as const, permissions: new Set([...agent.permissions].filter((p) => p !== 'journey:view')) };
    expect((await loadCustomerCard(store(), id, agent)).visits).toHaveLength(1);
    expect((await loadCustomerCard(store(), id, noJourney)).visits).toEqual([]);
  });
});
