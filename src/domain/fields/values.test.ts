import type { FieldDefinition } from './definition';
import { applyFieldChanges, fieldChangesSchema, TEXT_MAX_LENGTH, valueProblem } from './values';

const aField = (overrides: Partial<FieldDefinition>): FieldDefinition => ({
  ident: 'note', labels: { en: 'Note' }, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: false, position: 1, retiredAt: null,
  ...overrides,
});
const tier = aField({ ident: 'loyalty-tier', labels: { en: 'Loyalty tier' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'] });
const billing = aField({ ident: 'billing-email', labels: { en: 'Billing e-mail' }, type: 'email' });
const note = aField({});

describe('valueProblem: values are checked by their field\'s type (FIELD-3)', () => {
  it('an e-mail field refuses a malformed address with a clear message', () => {
    expect(valueProblem(billing, 'accounts@norland.example')).toBeNull();
    expect(valueProblem(billing, 'accounts at norland')).toBe('Billing e-mail must be an e-mail address such as name@example.com ("accounts at norland" is not one)');
  });

  it('a dropdown takes one of its options only', () => {
    expect(valueProblem(tier, 'Gold')).toBeNull();
    expect(valueProblem(tier, 'gold')).toBe('Loyalty tier must be one of Bronze, Silver, Gold ("gold" is not one of them)');
  });

  it('a text has a length limit', () => {
    expect(valueProblem(note, 'x'.repeat(TEXT_MAX_LENGTH))).toBeNull();
    expect(valueProblem(note, 'x'.repeat(TEXT_MAX_LENGTH + 1))).toBe(`Note may be at most ${TEXT_MAX_LENGTH} characters long (this value has ${TEXT_MAX_LENGTH + 1})`);
  });

  it('an empty value clears any field', () => {
    for (const field of [tier, billing, note]) expect(valueProblem(field, '')).toBeNull();
  });
});

describe('fieldChangesSchema: what an agent may change', () => {
  const issues = (definitions: FieldDefinition[], current: Record<string, string>, changes: Record<string, string>) =>
    fieldChangesSchema(definitions, current).safeParse(changes).error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('takes valid values, trimmed, and reports every invalid one under its ident', () => {
    expect(fieldChangesSchema([tier, billing], {}).parse({ 'loyalty-tier': ' Gold ' })).toEqual({ 'loyalty-tier': 'Gold' });
    expect(issues([tier, billing], {}, { 'loyalty-tier': 'Platinum', 'billing-email': 'nope' })).toEqual([
      ['loyalty-tier', 'Loyalty tier must be one of Bronze, Silver, Gold ("Platinum" is not one of them)'],
      ['billing-email', 'Billing e-mail must be an e-mail address such as name@example.com ("nope" is not one)'],
    ]);
  });

  it('refuses unknown, retired and read-only fields', () => {
    const retired = { ...note, retiredAt: new Date() };
    const readOnly = { ...billing, editable: false };
    expect(issues([retired, readOnly], {}, { note: 'x', 'billing-email': 'a@b.example', vip: 'yes' })).toEqual([
      ['note', 'there is no field note'],
      ['billing-email', 'Billing e-mail is not editable'],
      ['vip', 'there is no field vip'],
    ]);
  });

  it('does not check again a value sent back as it was, so an old value never blocks an edit', () => {
    const withoutPlatinum = { ...tier, editable: false };
    expect(fieldChangesSchema([withoutPlatinum], { 'loyalty-tier': 'Platinum' }).parse({ 'loyalty-tier': 'Platinum' })).toEqual({ 'loyalty-tier': 'Platinum' });
  });
});

describe('applyFieldChanges', () => {
  it('sets and clears the values changed and keeps the others, retired fields\' included', () => {
    const current = { 'loyalty-tier': 'Silver', note: 'Prefers e-mail', 'old-field': 'kept' };
    expect(applyFieldChanges(current, { 'loyalty-tier': 'Gold', note: '' })).toEqual({ 'loyalty-tier': 'Gold', 'old-field': 'kept' });
  });
});
