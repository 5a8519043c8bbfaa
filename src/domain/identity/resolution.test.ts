import { DEVELOPMENT_USER } from '../access/users';
import { describeEachStore } from '../../../test/support/stores';
import { anInteractionEvent, aWebVisit, contactOf, ingest } from '../../../test/support/events';
import { loadInteractionCard } from '../cards/customer-card';
import { findContact, insertContact } from '../contacts/contacts-store';
import { promoteContact } from '../contacts/promote';
import { DomainError } from '../errors';
import { normalizePhone } from './identifiers';
import { reattachInteraction } from './reattach';

/** Identifiers as stored and matched, without how they read (that is `displayed`'s concern). */
const stored = (identifiers: Array<{ kind: string; value: string }> | undefined) => identifiers?.map(({ kind, value }) => ({ kind, value }));

describeEachStore('identity resolution', (store) => {
  const phone = (raw: string) => ({ kind: 'phone' as const, value: normalizePhone(raw, 'US') });

  async function contactCount(): Promise<number> {
    const [row] = await store().query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
    return row!.n;
  }

  it('worked example: a call attaches to Alexis, created first, and offers David as a candidate', async () => {
    const db = store();
    const alexis = await db.transaction((tx) =>
      insertContact(tx, { type: 'curated', name: 'Alexis', identifiers: [phone('+1 803-123-0000')], createdAt: new Date('2026-02-04T10:00:00Z') }),
    );
    const david = await db.transaction((tx) =>
      insertContact(tx, { type: 'curated', name: 'David', identifiers: [phone('+1 803-123-0000')], createdAt: new Date('2026-03-20T10:00:00Z') }),
    );

    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'call-1', channel: 'voice', contact: { name: 'Lex', phone: '(803) 123-0000' } }));

    const card = await loadInteractionCard(db, 'call-1', DEVELOPMENT_USER);
    expect(card.interaction.contactId).toBe(alexis);
    expect(card.card?.contact.name).toBe('Alexis'); // a contact's own name is never overwritten by provided data
    expect(card.candidates.map((c) => c.id)).toEqual([david]);
    expect(card.interaction.matched).toMatchObject({ kind: 'phone', value: '+18031230000' });
  });

  it('first-created wins by creation time, not by insertion order', async () => {
    const db = store();
    const later = await db.transaction((tx) =>
      insertContact(tx, { type: 'curated', name: 'Later', identifiers: [phone('8031230000')], createdAt: new Date('2026-05-01T00:00:00Z') }),
    );
    const earlier = await db.transaction((tx) =>
      insertContact(tx, { type: 'curated', name: 'Earlier', identifiers: [phone('8031230000')], createdAt: new Date('2026-01-01T00:00:00Z') }),
    );
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'c', contact: { phone: '8031230000' } }));
    expect(await contactOf(db, 'c')).toBe(earlier);
    expect((await loadInteractionCard(db, 'c', DEVELOPMENT_USER)).candidates.map((c) => c.id)).toEqual([later]);
  });

  it('no match: a card is created from the provided contact data', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', {
      interactionId: 'new-1',
      channel: 'email',
      contact: { name: 'Edward Ferrars', email: 'Edward.Ferrars@Example.com', fields: { city: 'Barton' } },
    }));
    const contact = await findContact(db, (await contactOf(db, 'new-1'))!);
    expect(contact).toMatchObject({ type: 'identified', name: 'Edward Ferrars', fields: { city: 'Barton' } });
    expect(stored(contact!.identifiers)).toEqual([{ kind: 'email', value: 'edward.ferrars@example.com' }]);
  });

  it('one number in any format on voice, SMS and voicemail is one card', async () => {
    const db = store();
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'v', channel: 'voice', contact: { phone: '+1 803-123-0000' } }),
      anInteractionEvent('interaction.started', { interactionId: 's', channel: 'sms', contact: { phone: '(803) 123-0000' } }),
      anInteractionEvent('interaction.started', { interactionId: 'm', channel: 'voicemail', contact: { phone: '1 803 123 0000' } }),
    );
    const owners = new Set([await contactOf(db, 'v'), await contactOf(db, 's'), await contactOf(db, 'm')]);
    expect(owners.size).toBe(1);
    expect(await contactCount()).toBe(1);
  });

  it('concurrent first contacts from one new number still yield one card', async () => {
    const db = store();
    const formats = ['+1 803-555-0199', '(803) 555-0199', '803.555.0199', '+18035550199', '803 555 0199', '1-803-555-0199'];
    await Promise.all(
      formats.map((raw, i) =>
        ingest(db, anInteractionEvent('interaction.started', { interactionId: `p${i}`, channel: i % 2 ? 'sms' : 'voice', contact: { phone: raw } })),
      ),
    );
    expect(await contactCount()).toBe(1);
  });

  it('e-mail addresses match whatever their case and spacing', async () => {
    const db = store();
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'e1', channel: 'email', contact: { email: 'Edward.Ferrars@Example.com' } }),
      anInteractionEvent('interaction.started', { interactionId: 'e2', channel: 'email', contact: { email: '  edward.ferrars@EXAMPLE.COM' } }),
    );
    expect(await contactOf(db, 'e1')).toBe(await contactOf(db, 'e2'));
  });

  it('social ids match within their network only', async () => {
    const db = store();
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'f1', channel: 'social', contact: { social: { network: 'facebook', id: '42' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'f2', channel: 'social', contact: { social: { network: 'Facebook', id: '42' } } }),
      anInteractionEvent('interaction.started', { interactionId: 't1', channel: 'social', contact: { social: { network: 'twitter', id: '42' } } }),
    );
    expect(await contactOf(db, 'f1')).toBe(await contactOf(db, 'f2'));
    expect(await contactOf(db, 't1')).not.toBe(await contactOf(db, 'f1'));
  });

  it('the channel decides which identifier speaks first', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'by-phone', channel: 'voice', contact: { phone: '8035550100' } }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'by-mail', channel: 'email', contact: { email: 'x@example.com' } }));
    await ingest(db, anInteractionEvent('interaction.started', {
      interactionId: 'both', channel: 'email', contact: { phone: '8035550100', email: 'x@example.com' },
    }));
    expect(await contactOf(db, 'both')).toBe(await contactOf(db, 'by-mail'));
  });

  it('a web visitor known by a cookie is ephemeral, and becomes identified when they give an e-mail', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_1', 'https://classics.example/poetry'));
    const [visitor] = await db.query<{ id: string; type: string }>('SELECT id, type FROM contacts');
    expect(visitor!.type).toBe('ephemeral');

    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'chat', channel: 'chat', contact: { name: 'Marianne', cookie: 'gc_1', email: 'm@barton.example' } }));
    expect(await contactOf(db, 'chat')).toBe(visitor!.id);
    const contact = await findContact(db, visitor!.id);
    expect(contact!.type).toBe('identified');
    expect(contact!.name).toBe('Marianne');
    expect(stored(contact!.identifiers)).toEqual(expect.arrayContaining([{ kind: 'email', value: 'm@barton.example' }, { kind: 'cookie', value: 'gc_1' }]));
  });

  it('a matched card learns identifiers no card holds, and leaves those another card holds', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'call', channel: 'voice', contact: { phone: '8035550142' } }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'lucy', channel: 'email', contact: { email: 'lucy@steele.example' } }));
    await ingest(db, anInteractionEvent('interaction.started', {
      interactionId: 'call-2', channel: 'voice', contact: { phone: '803-555-0142', email: 'Ed@Norland.example', social: { network: 'facebook', id: '7' } },
    }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'call-3', channel: 'voice', contact: { phone: '803-555-0142', email: 'lucy@steele.example' } }));

    const edward = (await contactOf(db, 'call'))!;
    expect(await contactOf(db, 'call-2')).toBe(edward);
    expect(stored((await findContact(db, edward))!.identifiers)).toEqual([
      { kind: 'email', value: 'ed@norland.example' },
      { kind: 'phone', value: '+18035550142' },
      { kind: 'social', value: 'facebook:7' },
    ]);
    const mail = await ingestAndResolve(db, { email: 'ed@norland.example' });
    expect(mail).toBe(edward);
  });

  async function ingestAndResolve(db: ReturnType<typeof store>, contact: Record<string, unknown>): Promise<string | null> {
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'probe', channel: 'email', contact }));
    return contactOf(db, 'probe');
  }

  it('an alias resolves to its canonical contact, for lookups and for new interactions', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'a', channel: 'email', contact: { email: 'ed@norland.example' } }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'b', channel: 'voice', contact: { phone: '8035550142' } }));
    const alias = (await contactOf(db, 'a'))!;
    const canonical = (await contactOf(db, 'b'))!;
    // What a merge leaves behind (the merge itself comes with its own issue).
    await db.query(`UPDATE contacts SET alias_of = $1 WHERE id = $2`, [canonical, alias]);
    await db.query(`UPDATE contacts SET type = 'canonical' WHERE id = $1`, [canonical]);

    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'c', channel: 'email', contact: { email: 'ED@norland.example' } }));
    expect(await contactOf(db, 'c')).toBe(canonical);
    const card = await loadInteractionCard(db, 'a', DEVELOPMENT_USER);
    expect(card.card?.contact.id).toBe(canonical);
    expect(card.card?.resolvedFrom).toBe(alias);
    expect(stored(card.card?.contact.identifiers)).toEqual(
      expect.arrayContaining([{ kind: 'email', value: 'ed@norland.example' }, { kind: 'phone', value: '+18035550142' }]),
    );
  });

  it('an interaction can be re-attached to a candidate (ID-5); an unknown contact is refused', async () => {
    const db = store();
    const [first, second] = await db.transaction(async (tx) => [
      await insertContact(tx, { type: 'curated', name: 'A', identifiers: [phone('8031230000')], createdAt: new Date('2026-01-01') }),
      await insertContact(tx, { type: 'curated', name: 'B', identifiers: [phone('8031230000')], createdAt: new Date('2026-02-01') }),
    ]);
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'r', contact: { phone: '8031230000' } }));
    expect(await contactOf(db, 'r')).toBe(first);

    await reattachInteraction(db, 'r', second!);
    expect(await contactOf(db, 'r')).toBe(second);
    expect((await loadInteractionCard(db, 'r', DEVELOPMENT_USER)).candidates.map((c) => c.id)).toEqual([first]);

    await expect(reattachInteraction(db, 'r', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    await expect(reattachInteraction(db, 'nope', second!)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('promote makes an auto-created or ephemeral contact curated, once (ID-7)', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_2', 'https://classics.example/'));
    const [{ id }] = (await db.query<{ id: string }>('SELECT id FROM contacts')) as [{ id: string }];
    await promoteContact(db, id);
    expect((await findContact(db, id))!.type).toBe('curated');
    await expect(promoteContact(db, id)).rejects.toThrow(DomainError);
    await expect(promoteContact(db, id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(promoteContact(db, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });
});
