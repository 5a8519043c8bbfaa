import type { Contact } from '../contacts/contact';
import { DomainError } from '../errors';
import { displayed } from '../identity/identifiers';
import { mergedValues, planMerge } from './plan';

const aContact = (overrides: Partial<Contact>): Contact => ({
  id: 'id',
  type: 'identified',
  name: null,
  fields: {},
  aliasOf: null,
  createdAt: new Date('2026-11-21'),
  lastInteractionAt: new Date('2026-11-22'),
  identifiers: [],
  ...overrides,
});

describe('planMerge: the open card keeps its values, fills its gaps, and unites the rest', () => {
  const survivor = aContact({
    id: 'call-card', name: 'Edward Ferrars', fields: { city: 'Barton', tier: '' },
    identifiers: [displayed({ kind: 'phone', value: '+18035550142' })],
  });
  const merged = aContact({
    id: 'mail-card', name: 'Ed Ferrars', fields: { city: 'Norland', tier: 'Gold', language: 'en' },
    identifiers: [displayed({ kind: 'email', value: 'ed@norland.example' }), displayed({ kind: 'phone', value: '+18035550142' })],
  });

  it('decides every value by the stated rule', () => {
    const plan = planMerge(survivor, merged);
    expect(plan.decisions).toEqual([
      { field: 'name', kept: 'Edward Ferrars', from: 'survivor', setAside: 'Ed Ferrars' },
      { field: 'fields.city', kept: 'Barton', from: 'survivor', setAside: 'Norland' },
      { field: 'fields.language', kept: 'en', from: 'merged' },
      { field: 'fields.tier', kept: 'Gold', from: 'merged' },
    ]);
    expect(mergedValues(plan)).toEqual({ name: 'Edward Ferrars', fields: { city: 'Barton', language: 'en', tier: 'Gold' } });
  });

  it("keeps the merged card's value where the agent chose it; a choice where the cards agree changes nothing", () => {
    const plan = planMerge(survivor, merged, { name: 'merged', 'fields.city': 'merged', 'fields.tier': 'survivor' });
    expect(plan.decisions.slice(0, 2)).toEqual([
      { field: 'name', kept: 'Ed Ferrars', from: 'merged', setAside: 'Edward Ferrars' },
      { field: 'fields.city', kept: 'Norland', from: 'merged', setAside: 'Barton' },
    ]);
    expect(mergedValues(plan)).toEqual({ name: 'Ed Ferrars', fields: { city: 'Norland', language: 'en', tier: 'Gold' } });
  });

  it('unites the identifiers, once each', () => {
    expect(planMerge(survivor, merged).identifiers).toEqual([
      { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' },
      { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' },
    ]);
  });

  it('needs identity:merge to fold an auto-created card into a curated one, contacts:merge otherwise', () => {
    expect(planMerge({ ...survivor, type: 'curated' }, merged).requires).toBe('identity:merge');
    expect(planMerge({ ...survivor, type: 'canonical' }, { ...merged, type: 'ephemeral' }).requires).toBe('identity:merge');
    expect(planMerge(survivor, merged).requires).toBe('contacts:merge');
    expect(planMerge({ ...survivor, type: 'curated' }, { ...merged, type: 'curated' }).requires).toBe('contacts:merge');
  });

  it.each([
    ['into itself', survivor, survivor, /into itself/],
    ['into its own alias', aContact({ id: 'a', aliasOf: 'b' }), aContact({ id: 'b' }), /merged into b/],
    ['a card already merged into this one', aContact({ id: 'b' }), aContact({ id: 'a', aliasOf: 'b' }), /already merged into this one/],
    ['a card already merged elsewhere', aContact({ id: 'b' }), aContact({ id: 'a', aliasOf: 'c' }), /already merged into c/],
  ])('refuses to merge %s', (_name, s, m, message) => {
    expect(() => planMerge(s, m)).toThrow(DomainError);
    expect(() => planMerge(s, m)).toThrow(message);
    if (s.aliasOf || m.aliasOf) expect(() => planMerge(s, m)).toThrow(expect.objectContaining({ extensions: { mergedInto: s.aliasOf ?? m.aliasOf } }));
  });
});
