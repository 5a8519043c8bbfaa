import { describeEachStore } from '../../../test/support/stores';
import { PERMISSIONS, type Actor } from '../access/permissions';
import type { Identifier } from '../identity/identifiers';
import { mergeCards } from '../merge/merge-cards';
import { insertContact } from './contacts-store';
import { searchContacts } from './search';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };
const DAY = 86_400_000;
const phone = (value: string): Identifier => ({ kind: 'phone', value });
const email = (value: string): Identifier => ({ kind: 'email', value });

describeEachStore('searching every card', (store) => {
  const card = (name: string | null, identifiers: Identifier[] = [], createdAt = new Date()) =>
    insertContact(store(), { type: 'curated', name, identifiers, createdAt });
  const search = async (text: string, limit?: number) => (await searchContacts(store(), text, 'US', limit)).map((c) => c.name);

  it('matches a name anywhere, regardless of case, listed by name and then by age', async () => {
    const newer = await card('Edward Ferrars');
    const older = await card('Edward Ferrars', [], new Date(Date.now() - DAY));
    await card('Robert Ferrars');
    await card('Lucy Steele');
    expect(await search('ferrars')).toEqual(['Edward Ferrars', 'Edward Ferrars', 'Robert Ferrars']);
    expect((await searchContacts(store(), 'FERRARS', 'US')).slice(0, 2).map((c) => c.id)).toEqual([older, newer]);
    expect(await search('  steele ')).toEqual(['Lucy Steele']);
    expect(await search('Brandon')).toEqual([]);
    expect(await search('ferrars', 2)).toEqual(['Edward Ferrars', 'Edward Ferrars']);
  });

  it('matches a phone number in any format and an e-mail address from its start, and a name and an identifier once', async () => {
    await card('Edward Ferrars', [phone('+18035550142'), email('edward@norland.example')]);
    await card(null, [email('edwina@barton.example')]);
    expect(await search('(803) 555-0142')).toEqual(['Edward Ferrars']);
    expect(await search('+1 803 555 0142')).toEqual(['Edward Ferrars']);
    expect(await search('EDW')).toEqual(['Edward Ferrars', null]);
    expect(await search('norland.example')).toEqual([]); // identifiers match from their start only
  });

  it('finds the survivor of a merge by the merged card’s identifier, once', async () => {
    const survivor = await card('Edward Ferrars', [phone('+18035550142')]);
    const merged = await card('Ed Ferrars', [email('ed@norland.example')]);
    await mergeCards(store(), ELINOR, survivor, merged);
    expect((await searchContacts(store(), 'ed@norland', 'US')).map((c) => c.id)).toEqual([survivor]);
    expect((await searchContacts(store(), 'Ferrars', 'US')).map((c) => c.id)).toEqual([survivor]);
  });

  it('takes % and _ as the characters they are', async () => {
    await card('100% Cotton Ltd');
    await card('1000 Cottons');
    await card(null, [email('a_b@example.com')]);
    await card(null, [email('axb@example.com')]);
    expect(await search('100%')).toEqual(['100% Cotton Ltd']);
    expect((await searchContacts(store(), 'a_b', 'US')).flatMap((c) => c.identifiers.map((i) => i.value))).toEqual(['a_b@example.com']);
  });

  it('reads names and identifiers through their indexes, so the search does not grow with the store', async () => {
    const plan = await store().transaction(async (tx) => {
      // Tiny tables would be scanned whole by choice; forbidding that shows whether the indexes can serve.
      await tx.exec('SET LOCAL enable_seqscan = off');
      let text = '';
      const planOf = { query: async (sql: string, params?: unknown[]) => {
        text = (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
        return [];
      } };
      await searchContacts(planOf as never, 'customer42@bench', 'US');
      return text;
    });
    expect(plan).toContain('contact_identifiers_by_value_prefix');
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
