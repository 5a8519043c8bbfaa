import { cardFields, withoutRetiredValues } from './card-fields';
import type { FieldDefinition } from './definition';

const aField = (ident: string, overrides: Partial<FieldDefinition> = {}): FieldDefinition => ({
  ident, labels: { en: ident }, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: false, position: 1, retiredAt: null,
  ...overrides,
});

describe('cardFields: the fields a card shows', () => {
  const tier = aField('loyalty-tier', { type: 'dropdown', options: ['Gold'], visibleOnCard: true });
  const legacy = aField('legacy-code', { retiredAt: new Date('2026-11-01') });
  const values = { 'loyalty-tier': 'Gold', 'legacy-code': 'LC-7', city: 'Barton' };

  it('lists active fields in order (empty ones too), then platform values under their key, read-only', () => {
    const fields = cardFields([aField('note'), tier, legacy], values);
    expect(fields.map((f) => [f.ident, f.value, f.editable])).toEqual([
      ['note', null, true],
      ['loyalty-tier', 'Gold', true],
      ['city', 'Barton', false],
    ]);
    expect(fields[2]).toMatchObject({ labels: { en: 'city' }, visibleInPanel: true, visibleOnCard: false });
  });

  it('hides a retired field\'s value and shows it again once restored', () => {
    expect(cardFields([legacy], values).map((f) => f.ident)).not.toContain('legacy-code');
    expect(withoutRetiredValues([legacy], values)).toEqual({ 'loyalty-tier': 'Gold', city: 'Barton' });
    const restored = { ...legacy, retiredAt: null };
    expect(cardFields([restored], values).find((f) => f.ident === 'legacy-code')?.value).toBe('LC-7');
  });
});
