import { describeEachStore } from '../../../test/support/stores';
import { PERMISSIONS, permissionsOf, type Actor } from '../access/permissions';
import { loadCustomerCard } from '../cards/customer-card';
import { insertContact } from '../contacts/contacts-store';
import type { Identifier } from '../identity/identifiers';
import { dismissDuplicateHint, duplicateHintsFor, hintReason, HINT_WINDOW_DAYS } from './duplicate-hints';
import { mergeCards } from './merge-cards';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };
const MARIANNE: Actor = { id: 'marianne', name: 'Marianne Dashwood', permissions: new Set(PERMISSIONS) };
const VIEWER = { divisions: '*' as const, permissions: new Set(PERMISSIONS) };
const DAY = 86_400_000;

const phone = (value: string): Identifier => ({ kind: 'phone', value });
const email = (value: string): Identifier => ({ kind: 'email', value });

describe('the duplicate hint rule', () => {
  it('hints at the same name with a different identifier, naming the kind that differs', () => {
    expect(hintReason({ name: 'Edward  Ferrars', identifiers: [phone('+18035550142')] }, { name: 'edward ferrars', identifiers: [phone('+18035550199')] }))
      .toEqual({ kind: 'sameName', differing: 'phone' });
    expect(hintReason({ name: 'Edward Ferrars', identifiers: [phone('+18035550142')] }, { name: 'Edward Ferrars', identifiers: [email('ed@norland.example')] }))
      .toEqual({ kind: 'sameName', differing: null });
  });

  it('leaves a shared identifier to the interaction’s candidates (ID-4)', () => {
    expect(hintReason({ name: 'Edward Ferrars', identifiers: [phone('+18035550142')] }, { name: 'Edward Ferrars', identifiers: [phone('+18035550142')] })).toBeNull();
  });

  it('hints at a similar name only with a shared domain of their own, not a public mailbox provider’s', () => {
    const ed = { name: 'Ed Ferrars', identifiers: [email('ed@norland.example'), email('edf@gmail.com')] };
    expect(hintReason(ed, { name: 'Edward Ferrars', identifiers: [email('edward@norland.example')] })).toEqual({ kind: 'similarName', domain: 'norland.example' });
    expect(hintReason(ed, { name: 'Edward Ferrars', identifiers: [email('edward.ferrars@gmail.com')] })).toBeNull();
    expect(hintReason(ed, { name: 'Edward Ferrars', identifiers: [] })).toBeNull();
  });
});

describeEachStore('possible duplicates of a new card', (store) => {
  const card = (name: string, identifiers: Identifier[], createdAt = new Date()) =>
    insertContact(store(), { type: 'curated', name, identifiers, createdAt });
  const hintedNames = async (id: string) => (await duplicateHintsFor(store(), id)).map((h) => h.contact.name);

  it('hints at a card with the same name and a different phone number, with the reason', async () => {
    const older = await card('Edward Ferrars', [phone('+18035550142')], new Date(Date.now() - 400 * DAY));
    const fresh = await card('Edward Ferrars', [phone('+18035550199')]);
    await card('Lucy Steele', [phone('+18035550100')]);

    const hints = await duplicateHintsFor(store(), fresh);
    expect(hints).toEqual([{ reason: { kind: 'sameName', differing: 'phone' }, contact: expect.objectContaining({ id: older, name: 'Edward Ferrars' }) }]);
    expect(hints[0]!.contact.identifiers).toEqual([{ kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }]);
    // The card the tab and the bot show carries them, for those who may merge.
    expect((await loadCustomerCard(store(), fresh, VIEWER)).duplicateHints).toEqual(hints);
    expect((await loadCustomerCard(store(), fresh, { divisions: '*', permissions: permissionsOf(['Agent']) })).duplicateHints).toEqual(hints);
    expect((await loadCustomerCard(store(), fresh, { divisions: '*', permissions: new Set(['contacts:view'] as const) })).duplicateHints).toBeUndefined();
  });

  it('shows hints on a new card only: the long-known card is not told of every newcomer', async () => {
    const older = await card('Edward Ferrars', [phone('+18035550142')], new Date(Date.now() - (HINT_WINDOW_DAYS + 1) * DAY));
    await card('Edward Ferrars', [phone('+18035550199')]);
    expect(await hintedNames(older)).toEqual([]);
  });

  it('hints at a close name sharing a company domain, not one sharing only gmail.com', async () => {
    await card('Edward Ferrars', [email('edward@norland.example')], new Date(Date.now() - 400 * DAY));
    await card('Edwina Ferrars', [email('edwina.ferrars@gmail.com')], new Date(Date.now() - 400 * DAY));
    const ed = await card('Ed Ferrars', [email('ed@norland.example'), email('ed.ferrars@gmail.com')]);

    expect(await duplicateHintsFor(store(), ed)).toEqual([
      { reason: { kind: 'similarName', domain: 'norland.example' }, contact: expect.objectContaining({ name: 'Edward Ferrars' }) },
    ]);
  });

  it('does not hint at a card sharing an identifier', async () => {
    await card('Edward Ferrars', [phone('+18035550142')]);
    const fresh = await card('Edward Ferrars', [phone('+18035550142'), email('ed@norland.example')]);
    expect(await hintedNames(fresh)).toEqual([]);
  });

  it('never hints at a dismissed pair again, for anyone, and the decision follows merges', async () => {
    const older = await card('Edward Ferrars', [phone('+18035550142')], new Date(Date.now() - 400 * DAY));
    const fresh = await card('Edward Ferrars', [phone('+18035550199')]);
    await dismissDuplicateHint(store(), ELINOR, fresh, older);
    await dismissDuplicateHint(store(), MARIANNE, older, fresh); // the same pair, either way round: one decision
    expect(await hintedNames(fresh)).toEqual([]);
    expect((await loadCustomerCard(store(), fresh, VIEWER)).duplicateHints).toEqual([]);
    expect(await store().query('SELECT dismissed_by FROM duplicate_dismissals')).toEqual([{ dismissed_by: 'elinor' }]);

    // A third Edward is still hinted; once the new card is merged into him, the dismissed pair stays dismissed.
    const third = await card('Edward Ferrars', [phone('+18035550177')]);
    expect(await hintedNames(fresh)).toEqual(['Edward Ferrars']);
    await mergeCards(store(), ELINOR, third, fresh);
    expect(await hintedNames(third)).toEqual([]);
  });

  it('stops hinting once the two cards are merged', async () => {
    const older = await card('Edward Ferrars', [phone('+18035550142')], new Date(Date.now() - 400 * DAY));
    const fresh = await card('Edward Ferrars', [phone('+18035550199')]);
    expect(await hintedNames(fresh)).toEqual(['Edward Ferrars']);
    await mergeCards(store(), ELINOR, fresh, older);
    expect(await hintedNames(fresh)).toEqual([]);
  });

  it('refuses to dismiss without a merge permission, for unknown cards, and for one card with itself', async () => {
    const older = await card('Edward Ferrars', [phone('+18035550142')], new Date(Date.now() - 400 * DAY));
    const fresh = await card('Edward Ferrars', [phone('+18035550199')]);
    const viewer: Actor = { id: 'v', name: 'Viewer', permissions: new Set(['contacts:view']) };
    await expect(dismissDuplicateHint(store(), viewer, fresh, older)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(dismissDuplicateHint(store(), ELINOR, fresh, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    await expect(dismissDuplicateHint(store(), ELINOR, fresh, fresh)).rejects.toMatchObject({ code: 'invalid' });
    expect(await hintedNames(fresh)).toEqual(['Edward Ferrars']);
  });
});
