import { anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { describeEachStore } from '../../../test/support/stores';
import type { Db, Queryable } from '../../store/db';
import { PERMISSIONS, type Permission } from '../access/permissions';
import { DEVELOPMENT_USER, type ActingUser } from '../access/users';
import { DomainError } from '../errors';
import { ContactService, type ContactSettings } from './contact-service';

const everything: ContactSettings = { requireFeature: async () => {}, defaultPhoneRegion: async () => 'US' };

/** A user with every permission but `lacking`, who sees every division. */
const userWithout = (lacking: Permission): ActingUser => ({
  ...DEVELOPMENT_USER,
  permissions: new Set(PERMISSIONS.filter((p) => p !== lacking)),
});

/** The store, with every statement of its transactions that matches `failing` failing as a lost connection would. */
function failingIn(db: Db, failing: RegExp): Db {
  const failOn = (tx: Queryable): Queryable => ({
    query: async (sql, params) => {
      if (failing.test(sql)) throw new Error('connection lost');
      return tx.query(sql, params);
    },
    exec: (sql) => tx.exec(sql),
  });
  return Object.assign(Object.create(db) as Db, { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(failOn(tx))) });
}

describeEachStore('contact service', (store) => {
  const contactNames = async () => (await store().query<{ name: string }>('SELECT name FROM contacts ORDER BY name')).map((r) => r.name);

  beforeEach(async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'no-match', contact: { name: 'Lucy', phone: '+1 803-555-0199' } }));
  });

  it('creates a contact from a card with no match and attaches the interaction to it', async () => {
    const id = await new ContactService(store(), everything).create(DEVELOPMENT_USER, { name: 'Lucy Steele', email: 'lucy@example.com', interactionId: 'no-match' });
    expect(await contactOf(store(), 'no-match')).toBe(id);
  });

  it('creates the contact and attaches the interaction in one transaction: a failing attach leaves no contact behind', async () => {
    const before = await contactNames();
    const attached = await contactOf(store(), 'no-match');
    const service = new ContactService(failingIn(store(), /^UPDATE interactions SET contact_id/), everything);

    await expect(service.create(DEVELOPMENT_USER, { name: 'Lucy Steele', interactionId: 'no-match' })).rejects.toThrow('connection lost');

    expect(await contactNames()).toEqual(before);
    expect(await contactOf(store(), 'no-match')).toBe(attached);
  });

  it('refuses before it writes: the switch, either permission, an interaction the user does not see', async () => {
    const before = await contactNames();
    const switchedOff: ContactSettings = { ...everything, requireFeature: async (feature) => { throw new DomainError('forbidden', `the ${feature} feature is switched off`); } };
    const outsideDivisions: ActingUser = { ...DEVELOPMENT_USER, divisions: ['sales-apac'] };
    const lucy = { name: 'Lucy Steele', interactionId: 'no-match' };

    await expect(new ContactService(store(), switchedOff).create(DEVELOPMENT_USER, lucy)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/contacts\.edit/) });
    const service = new ContactService(store(), everything);
    await expect(service.create(userWithout('contacts:add'), lucy)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/contacts:add/) });
    await expect(service.create(userWithout('interactions:link'), lucy)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/interactions:link/) });
    await expect(service.create(outsideDivisions, lucy)).rejects.toMatchObject({ code: 'not_found' });

    expect(await contactNames()).toEqual(before);
  });

  it('checks the switch for edit and delete, and the permission of each use case', async () => {
    const contact = (await contactOf(store(), 'no-match'))!;
    const switchedOff = new ContactService(store(), { ...everything, requireFeature: async () => { throw new DomainError('forbidden', 'switched off'); } });
    await expect(switchedOff.edit(DEVELOPMENT_USER, contact, { name: 'Lucy Steele' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(switchedOff.delete(DEVELOPMENT_USER, contact)).rejects.toMatchObject({ code: 'forbidden' });

    const service = new ContactService(store(), everything);
    await expect(service.edit(userWithout('contacts:edit'), contact, { name: 'Lucy Steele' })).rejects.toMatchObject({ message: expect.stringMatching(/contacts:edit/) });
    await expect(service.delete(userWithout('contacts:delete'), contact)).rejects.toMatchObject({ message: expect.stringMatching(/contacts:delete/) });
    await expect(service.promote(userWithout('identity:promote'), contact)).rejects.toMatchObject({ message: expect.stringMatching(/identity:promote/) });
    await expect(service.reattach(userWithout('interactions:link'), 'no-match', contact)).rejects.toMatchObject({ message: expect.stringMatching(/interactions:link/) });
    expect(await contactNames()).toEqual(['Lucy']);
  });
});
