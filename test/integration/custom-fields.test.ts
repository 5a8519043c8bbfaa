import { startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}
interface CardField {
  ident: string;
  labels: Record<string, string>;
  value: string | null;
}
interface Card {
  contact: { id: string; name: string; type: string; fields: Record<string, string>; identifiers: Array<{ kind: string; value: string }> };
  fields: CardField[];
}

const LOYALTY_TIER = {
  ident: 'loyalty-tier', labels: { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'],
  visibleInPanel: true, editable: true, visibleOnCard: true,
};
const BILLING_EMAIL = { ident: 'billing-email', labels: { en: 'Billing e-mail' }, type: 'email' };

describeEachStore('custom fields and contact editing over the API', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });

  /** Without a token the development identity acts, with every permission. */
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await fetch(`${app.baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const problem = (response: { body: unknown }) => response.body as Problem;
  const card = (response: { body: unknown }) => response.body as Card;
  const fieldOf = (c: Card, ident: string) => c.fields.find((f) => f.ident === ident);

  async function edwardsCard(): Promise<string> {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-edward', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    return (await contactOf(store(), 'call-edward'))!;
  }

  describe('an admin defines fields', () => {
    it('creates a dropdown field, lists it, and refuses an ident with a space with a clear message', async () => {
      const created = await call('POST', '/admin/fields', LOYALTY_TIER);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...LOYALTY_TIER, position: 1, retiredAt: null });
      expect((await call('GET', '/admin/fields')).body).toEqual({ fields: [created.body] });

      const spaced = await call('POST', '/admin/fields', { ...LOYALTY_TIER, ident: 'loyalty tier' });
      expect(spaced.status).toBe(400);
      expect(spaced.type).toMatch(/application\/problem\+json/);
      expect(problem(spaced).errors).toEqual([{ field: 'ident', message: 'an ident may contain only letters, digits, - and _ (found a space)' }]);
    });

    it('keeps idents unique ignoring case, and points at a retired one to restore', async () => {
      await call('POST', '/admin/fields', LOYALTY_TIER);
      const twin = await call('POST', '/admin/fields', { ...LOYALTY_TIER, ident: 'Loyalty-Tier' });
      expect(twin.status).toBe(409);
      expect(problem(twin)).toMatchObject({ detail: 'a field with the ident loyalty-tier already exists', errors: [{ field: 'ident' }] });
      await call('POST', '/admin/fields/loyalty-tier/retire');
      expect(problem(await call('POST', '/admin/fields', LOYALTY_TIER)).detail).toMatch(/retired: restore it instead/);
    });

    it('edits everything but the ident, and audits each change', async () => {
      await call('POST', '/admin/fields', LOYALTY_TIER);
      const edited = await call('PUT', '/admin/fields/loyalty-tier', { ...LOYALTY_TIER, labels: { en: 'Tier' }, options: ['Gold', 'Platinum'] });
      expect(edited.body).toMatchObject({ ident: 'loyalty-tier', labels: { en: 'Tier' }, options: ['Gold', 'Platinum'] });
      const renamed = await call('PUT', '/admin/fields/loyalty-tier', { ...LOYALTY_TIER, ident: 'tier' });
      expect(renamed.status).toBe(400);
      expect(problem(renamed).detail).toMatch(/never changes/);
      expect((await call('PUT', '/admin/fields/nothing', { ...LOYALTY_TIER, ident: 'nothing' })).status).toBe(404);

      const audited = await store().query<{ setting: string; before: unknown; after: { labels: unknown } | null }>(
        `SELECT setting, before, after FROM settings_audit WHERE setting LIKE 'customFields.%' ORDER BY id`,
      );
      expect(audited.map((a) => [a.setting, a.before === null, a.after?.labels])).toEqual([
        ['customFields.loyalty-tier', true, { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }],
        ['customFields.loyalty-tier', false, { en: 'Tier' }],
      ]);
    });

    it('reorders the fields, which must all be listed once', async () => {
      await call('POST', '/admin/fields', LOYALTY_TIER);
      await call('POST', '/admin/fields', BILLING_EMAIL);
      const reordered = await call('PUT', '/admin/field-order', { idents: ['billing-email', 'loyalty-tier'] });
      expect((reordered.body as { fields: Array<{ ident: string; position: number }> }).fields.map((f) => [f.ident, f.position])).toEqual([
        ['billing-email', 1], ['loyalty-tier', 2],
      ]);
      const partial = await call('PUT', '/admin/field-order', { idents: ['loyalty-tier'] });
      expect(partial.status).toBe(409);
      expect(problem(partial).detail).toMatch(/not listed: billing-email/);
    });

    it('refuses users without settings:manage before reading their input', async () => {
      const agent = await entra.token();
      const refused = await call('POST', '/admin/fields', { ident: 'bad ident' }, agent);
      expect(refused.status).toBe(403);
      expect(problem(refused).detail).toBe('you need the settings:manage permission to manage custom fields');
    });
  });

  describe('agents edit cards', () => {
    beforeEach(async () => {
      await call('POST', '/admin/fields', LOYALTY_TIER);
      await call('POST', '/admin/fields', { ...BILLING_EMAIL, editable: true });
    });

    it('sets a field value that the card then shows with its definition', async () => {
      const id = await edwardsCard();
      const before = card(await call('GET', `/contacts/${id}`));
      expect(fieldOf(before, 'loyalty-tier')).toMatchObject({ labels: LOYALTY_TIER.labels, value: null });

      const edited = await call('PUT', `/contacts/${id}`, { fields: { 'loyalty-tier': 'Gold' } });
      expect(edited.status).toBe(200);
      expect(fieldOf(card(edited), 'loyalty-tier')?.value).toBe('Gold');
      expect(card(edited).contact.name).toBe('Edward Ferrars'); // left out: unchanged
    });

    it('validates values by type, reporting every field at fault', async () => {
      const id = await edwardsCard();
      const refused = await call('PUT', `/contacts/${id}`, { phones: ['not a number'], fields: { 'loyalty-tier': 'Platinum', 'billing-email': 'accounts at norland' } });
      expect(refused.status).toBe(400);
      expect(problem(refused).errors).toEqual([
        { field: 'phones.0', message: '"not a number" is not a phone number (read with default region US)' },
        { field: 'fields.loyalty-tier', message: 'Loyalty tier must be one of Bronze, Silver, Gold ("Platinum" is not one of them)' },
        { field: 'fields.billing-email', message: 'Billing e-mail must be an e-mail address such as name@example.com ("accounts at norland" is not one)' },
      ]);
      expect(fieldOf(card(await call('GET', `/contacts/${id}`)), 'loyalty-tier')?.value).toBeNull(); // nothing half-saved
    });

    it('edits name, phones and e-mails, normalised, so identity resolution finds the card by them', async () => {
      const id = await edwardsCard();
      const edited = await call('PUT', `/contacts/${id}`, { name: 'Edward Ferrars Jr', phones: ['(803) 555-0199'], emails: [' Edward@Norland.example '] });
      expect(card(edited).contact).toMatchObject({
        name: 'Edward Ferrars Jr',
        identifiers: [{ kind: 'email', value: 'edward@norland.example' }, { kind: 'phone', value: '+18035550199' }],
      });
      await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'mail-edward', channel: 'email', contact: { email: 'EDWARD@norland.example' } }));
      expect(await contactOf(store(), 'mail-edward')).toBe(id);
      await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'old-number', contact: { phone: '+1 803-555-0142' } }));
      expect(await contactOf(store(), 'old-number')).not.toBe(id); // the number removed no longer leads to the card
    });

    it('refuses a phone number another card holds: merge instead', async () => {
      const id = await edwardsCard();
      await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-lucy', contact: { name: 'Lucy Steele', phone: '+44 7700 900123' } }));
      const taken = await call('PUT', `/contacts/${id}`, { phones: ['+1 803-555-0142', '+44 7700 900123'] });
      expect(taken.status).toBe(409);
      expect(problem(taken)).toMatchObject({
        detail: '+447700900123 is already on the card of Lucy Steele; merge the two cards instead',
        errors: [{ field: 'phones.1' }],
      });
    });

    it('retiring a field hides it and keeps its values; restoring shows them again', async () => {
      const id = await edwardsCard();
      await call('PUT', `/contacts/${id}`, { fields: { 'loyalty-tier': 'Gold' } });
      await call('POST', '/admin/fields/loyalty-tier/retire');
      const hidden = card(await call('GET', `/contacts/${id}`));
      expect(fieldOf(hidden, 'loyalty-tier')).toBeUndefined();
      expect(hidden.contact.fields).toEqual({});
      expect(problem(await call('PUT', `/contacts/${id}`, { fields: { 'loyalty-tier': 'Silver' } })).errors).toEqual([
        { field: 'fields.loyalty-tier', message: 'there is no field loyalty-tier' },
      ]);
      await call('PUT', `/contacts/${id}`, { fields: { 'billing-email': 'accounts@norland.example' } }); // editing the rest keeps it

      await call('POST', '/admin/fields/loyalty-tier/restore');
      expect(fieldOf(card(await call('GET', `/contacts/${id}`)), 'loyalty-tier')?.value).toBe('Gold');
    });

    it('deletes a card; its interactions stay, attached to no contact', async () => {
      const id = await edwardsCard();
      const deleted = await call('DELETE', `/contacts/${id}`);
      expect(deleted.status).toBe(204);
      expect((await call('GET', `/contacts/${id}`)).status).toBe(404);
      expect(await contactOf(store(), 'call-edward')).toBeNull();
    });

    it('deletes a merged card whole, and refuses to delete or edit the card merged into it', async () => {
      const id = await edwardsCard();
      await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'mail-ed', channel: 'email', contact: { name: 'Ed Ferrars', email: 'ed@norland.example' } }));
      const alias = (await contactOf(store(), 'mail-ed'))!;
      await call('POST', `/contacts/${id}/merge`, { contactId: alias });

      expect(problem(await call('DELETE', `/contacts/${alias}`))).toMatchObject({ status: 409, detail: expect.stringMatching(/only be deleted with that card/) });
      expect(problem(await call('PUT', `/contacts/${alias}`, { name: 'Ed' }))).toMatchObject({ status: 409, detail: expect.stringMatching(/edit that card instead/) });
      expect((await call('DELETE', `/contacts/${id}`)).status).toBe(204);
      expect(await store().query('SELECT id FROM contacts')).toEqual([]);
      expect(await contactOf(store(), 'mail-ed')).toBeNull();
    });

    it('refuses add, edit and delete while the admin has switched contact editing off', async () => {
      const id = await edwardsCard();
      await call('PUT', '/admin/features', { 'contacts.edit': false });
      const refusals = [
        await call('POST', '/contacts', { name: 'Lucy Steele' }),
        await call('PUT', `/contacts/${id}`, { name: 'Ed' }),
        await call('DELETE', `/contacts/${id}`),
      ];
      for (const refusal of refusals) expect(problem(refusal)).toMatchObject({ status: 403, detail: 'the contacts.edit feature is switched off for this tenant' });
    });

    it('lets only users with contacts:delete delete (an Agent has none)', async () => {
      const id = await edwardsCard();
      const refused = await call('DELETE', `/contacts/${id}`, undefined, await entra.token());
      expect(problem(refused)).toMatchObject({ status: 403, detail: 'you need the contacts:delete permission to delete contacts' });
    });

    it('checks custom field values of a new contact too', async () => {
      const created = await call('POST', '/contacts', { name: 'Lucy Steele', fields: { 'loyalty-tier': 'Silver' } });
      expect(fieldOf(card(created), 'loyalty-tier')?.value).toBe('Silver');
      expect(problem(await call('POST', '/contacts', { name: 'Anne Steele', fields: { 'loyalty-tier': 'Tin' } })).errors?.[0]?.field).toBe('fields.loyalty-tier');
    });

    it('creates a contact for an interaction only if the user sees the interaction, and creates nothing otherwise', async () => {
      await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'sales-call', division: 'sales', contact: { phone: '+1 803-555-0199' } }));
      const agent = await entra.token({ oid: 'emea-agent', roles: ['Agent'] }); // no divisions: sees no interaction
      const refused = await call('POST', '/contacts', { name: 'Anne Steele', interactionId: 'sales-call' }, agent);
      expect(refused.status).toBe(404);
      expect(problem(refused).detail).toMatch(/interaction sales-call does not exist/);
      expect(problem(await call('POST', '/contacts', { name: 'Anne Steele', interactionId: 'no-such-call' })).detail).toMatch(/interaction no-such-call does not exist/);
      expect(await store().query("SELECT 1 FROM contacts WHERE name = 'Anne Steele'")).toEqual([]);
    });

    it('lists the fields agents fill in when adding a contact: active, editable, in order, without values', async () => {
      await call('POST', '/admin/fields', { ident: 'internal-code', labels: { en: 'Internal code' }, type: 'text', editable: false });
      await call('POST', '/admin/fields', { ident: 'legacy', labels: { en: 'Legacy' }, type: 'text', editable: true });
      await call('POST', '/admin/fields/legacy/retire');
      const agent = await entra.token({ oid: 'agent-oid', roles: ['Agent'] });
      const listed = await call('GET', '/fields', undefined, agent);
      expect(listed.status).toBe(200);
      expect((listed.body as { fields: CardField[] }).fields.map((f) => [f.ident, f.labels.en, f.value])).toEqual([
        ['loyalty-tier', 'Loyalty tier', null], ['billing-email', 'Billing e-mail', null],
      ]);
    });
  });
});
