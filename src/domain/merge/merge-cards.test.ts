import { DEVELOPMENT_USER } from '../access/users';
import { anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { describeEachStore } from '../../../test/support/stores';
import { PERMISSIONS, permissionsOf, type Actor } from '../access/permissions';
import { loadCustomerCard, loadInteractionCard } from '../cards/customer-card';
import { findContact } from '../contacts/contacts-store';
import { findDuplicates } from './duplicates';
import { mergeCards, previewMerge } from './merge-cards';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };

describeEachStore('merging cards', (store) => {
  /** Edward's call card and the card his e-mail of the day before created (MERGE-4). */
  async function edwardsTwoCards() {
    const db = store();
    const yesterday = new Date(Date.now() - 86_400_000);
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'mail', channel: 'email', occurredAt: yesterday, contact: { name: 'Ed Ferrars', email: 'ed@norland.example', fields: { city: 'Norland', tier: 'Gold' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'call', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '(803) 555-0142', fields: { city: 'Barton' } } }),
    );
    return { call: (await contactOf(db, 'call'))!, mail: (await contactOf(db, 'mail'))! };
  }

  it('suggests the e-mail card for its similar name, and cards sharing an identifier first', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'sms', channel: 'sms', contact: { name: 'Someone Else', phone: '803.555.0142' } }));
    // The SMS attached to the call card (same number); a separate card shares the number too:
    await db.query(`INSERT INTO contacts (id, type, name) VALUES ('00000000-0000-4000-8000-0000000000aa', 'curated', 'Lucy Steele')`);
    await db.query(`INSERT INTO contact_identifiers (kind, value, contact_id) VALUES ('phone', '+18035550142', '00000000-0000-4000-8000-0000000000aa')`);

    const suggestions = await findDuplicates(db, call);
    expect(suggestions.map((s) => s.contact.name)).toEqual(['Lucy Steele', 'Ed Ferrars']);
    expect(suggestions[0]!.reasons).toEqual([{ kind: 'identifier', identifier: { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' } }]);
    expect(suggestions[1]!.contact.id).toBe(mail);
    expect(suggestions[1]!.reasons).toEqual([{ kind: 'name', similarity: expect.any(Number) }]);
    expect((suggestions[1]!.reasons[0] as { similarity: number }).similarity).toBeGreaterThan(0.5);
  });

  it('merges: one card with both interactions and identifiers; the other an alias that still resolves', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const preview = await previewMerge(db, call, mail);
    expect(preview.interactions).toEqual({ survivor: 1, merged: 1 });

    const { plan } = await mergeCards(db, ELINOR, call, mail);
    expect(plan).toEqual(preview.plan);

    const card = await loadCustomerCard(db, call, DEVELOPMENT_USER);
    expect(card.contact).toMatchObject({ type: 'canonical', name: 'Edward Ferrars', fields: { city: 'Barton', tier: 'Gold' } });
    expect(card.interactions.map((i) => i.id).sort()).toEqual(['call', 'mail']);
    expect(card.contact.identifiers).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'phone', value: '+18035550142' }), expect.objectContaining({ kind: 'email', value: 'ed@norland.example' })]));
    expect(card.merges).toEqual([expect.objectContaining({ survivorId: call, mergedId: mail, actor: { id: 'elinor', name: 'Elinor Dashwood' }, decisions: plan.decisions })]);

    expect((await findContact(db, mail))!.aliasOf).toBe(call);
    expect((await loadCustomerCard(db, mail, DEVELOPMENT_USER)).contact.id).toBe(call);
    expect((await loadInteractionCard(db, 'mail', DEVELOPMENT_USER)).card!.contact.id).toBe(call);

    // Future events for the merged card's identifiers land on the survivor.
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'mail-2', channel: 'email', contact: { email: 'ED@norland.example' } }));
    expect(await contactOf(db, 'mail-2')).toBe(call);
  });

  it('merging a card that has aliases brings them along: no alias of an alias', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'fb', channel: 'social', contact: { name: 'Edward F.', social: { network: 'facebook', id: '42' } } }));
    const facebook = (await contactOf(db, 'fb'))!;
    await mergeCards(db, ELINOR, mail, facebook);
    await mergeCards(db, ELINOR, call, mail);
    expect((await findContact(db, facebook))!.aliasOf).toBe(call);
    expect((await loadCustomerCard(db, call, DEVELOPMENT_USER)).interactions).toHaveLength(3);
  });

  it('refuses a merge into itself, into its own alias, or of an alias, with nothing changed', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    await expect(mergeCards(db, ELINOR, call, call)).rejects.toMatchObject({ code: 'invalid' });
    await mergeCards(db, ELINOR, call, mail);
    await expect(mergeCards(db, ELINOR, mail, call)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/merged into/) });
    await expect(mergeCards(db, ELINOR, call, mail)).rejects.toMatchObject({ code: 'conflict' });
    await expect(mergeCards(db, ELINOR, call, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM merges')) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('needs the right permission, and leaves nothing behind when refused', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const viewer: Actor = { id: 'v', name: 'Viewer', permissions: new Set(['contacts:view']) };
    await expect(mergeCards(db, viewer, call, mail)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/contacts:merge/) });
    expect((await findContact(db, mail))!.aliasOf).toBeNull();

    await db.query(`UPDATE contacts SET type = 'curated' WHERE id = $1`, [call]);
    const merger: Actor = { id: 'm', name: 'Merger', permissions: new Set(['contacts:merge']) };
    await expect(mergeCards(db, merger, call, mail)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/identity:merge/) });
    const agent: Actor = { id: 'a', name: 'Agent', permissions: permissionsOf([]) };
    await expect(mergeCards(db, agent, call, mail)).resolves.toBeDefined();
  });

  it('concurrent merges of the same cards in both directions: exactly one wins, no cycle', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const results = await Promise.allSettled([mergeCards(db, ELINOR, call, mail), mergeCards(db, ELINOR, mail, call)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await db.query<{ id: string; alias_of: string | null }>('SELECT id, alias_of FROM contacts WHERE id = ANY($1::uuid[])', [[call, mail]]);
    expect(rows.filter((r) => r.alias_of !== null)).toHaveLength(1);
  });
});
