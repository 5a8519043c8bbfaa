import { describeEachStore } from '../../../test/support/stores';
import { insertContact } from '../contacts/contacts-store';
import { findDuplicates } from './duplicates';
import { nameCandidatesSql } from './similar-names';

const DAY = 86_400_000;

describeEachStore('similar names through match keys', (store) => {
  const card = (name: string, createdAt = new Date()) => insertContact(store(), { type: 'curated', name, identifiers: [], createdAt });
  const suggestedNames = async (id: string) =>
    (await findDuplicates(store(), id)).map((s) => s.contact.name);

  it('finds names spelt differently that sound alike, or shortened, not a relative sharing only the last name', async () => {
    const smith = await card('John Smith');
    await card('Jon Smyth');
    await card('Katherine Smith');
    await card('Edward Ferrars');
    await card('Mary Brown');
    expect(await suggestedNames(smith)).toEqual(['Jon Smyth']);
    expect(await suggestedNames(await card('Catherine Smith'))).toEqual(['Katherine Smith']);
    expect(await suggestedNames(await card('Ed Ferrars'))).toEqual(['Edward Ferrars']);
    expect(await suggestedNames(await card('Edward F.'))).toEqual(['Edward Ferrars']);
    expect(await suggestedNames(await card('Zebedee Xylophone'))).toEqual([]);
  });

  it('compares names as people read them: case, punctuation, spacing and Unicode forms do not count', async () => {
    const older = await card('ＥＤＷＡＲＤ  ferrars', new Date(Date.now() - DAY));
    const suggestions = await findDuplicates(store(), await card('Edward Ferrars.'));
    expect(suggestions.map((s) => [s.contact.id, s.reasons])).toEqual([[older, [{ kind: 'name', similarity: expect.any(Number) }]]]);
    // Names in scripts Double Metaphone cannot code are matched by their words as written.
    const tanaka = await card('田中 太郎');
    expect(await suggestedNames(await card('田中　太郎'))).toEqual(['田中 太郎']);
    expect(await suggestedNames(tanaka)).toEqual(['田中　太郎']);
  });

  it('still finds the same name first, the longest-known cards first, among many cards sharing a last name', async () => {
    const oldest = await card('Ada Smith', new Date(Date.now() - 10 * DAY));
    for (let i = 0; i < 40; i++) await card(`Ann${String.fromCharCode(97 + (i % 26))} Smith`, new Date(Date.now() - 9 * DAY + i * 1000));
    await card('Ada Smith', new Date(Date.now() - DAY));
    const suggestions = await findDuplicates(store(), await card('Ada Smith'));
    expect(suggestions[0]!.contact.id).toBe(oldest);
    expect(suggestions.slice(0, 2).map((s) => s.contact.name)).toEqual(['Ada Smith', 'Ada Smith']);
  });

  it('reads each key through its index, so the read does not grow with the store', async () => {
    // Tiny tables would be scanned whole by choice; forbidding that shows whether the indexes can serve.
    const plan = await store().transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${nameCandidatesSql(`'John Smith'::text`, 'true')}`);
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    for (const index of ['contacts_name_key_same', 'contacts_name_key_surname', 'contacts_name_key_given']) expect(text).toContain(index);
    expect(text).not.toMatch(/Seq Scan|Bitmap Heap Scan/);
  });
});
