import { FieldSettingsInput, identProblem, labelIn, NewFieldInput } from './definition';

const loyaltyTier = { ident: 'loyalty-tier', labels: { en: 'Loyalty tier' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'] };

describe('identProblem: letters, digits, - and _ only, 1 to 64 of them', () => {
  it.each(['loyalty-tier', 'Loyalty_Tier_2', 'x', 'a'.repeat(64)])('accepts %s', (ident) => {
    expect(identProblem(ident)).toBeNull();
  });

  it.each([
    ['loyalty tier', 'an ident may contain only letters, digits, - and _ (found a space)'],
    ['loyalty\ttier', 'an ident may contain only letters, digits, - and _ (found a tab)'],
    ['tier.level', 'an ident may contain only letters, digits, - and _ (found ".")'],
    ['nivå', 'an ident may contain only letters, digits, - and _ (found "å")'],
    ['', 'an ident cannot be empty'],
    ['a'.repeat(65), 'an ident may be at most 64 characters long (this one has 65)'],
  ])('refuses %j, saying why', (ident, why) => {
    expect(identProblem(ident)).toBe(why);
  });
});

describe('a new field as the admin API receives it', () => {
  it('has the switches on for the side panel and editing, off for the bot card, until set', () => {
    expect(NewFieldInput.parse(loyaltyTier)).toEqual({ ...loyaltyTier, visibleInPanel: true, editable: true, visibleOnCard: false });
  });

  it('refuses an ident with a space, naming the field and the fault', () => {
    const result = NewFieldInput.safeParse({ ...loyaltyTier, ident: 'loyalty tier' });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['ident'], message: 'an ident may contain only letters, digits, - and _ (found a space)' })]);
  });

  it('needs an English label; translations left empty are dropped', () => {
    expect(NewFieldInput.safeParse({ ...loyaltyTier, labels: { fr: 'Niveau' } }).error?.issues[0]?.path).toEqual(['labels', 'en']);
    expect(NewFieldInput.parse({ ...loyaltyTier, labels: { en: ' Loyalty tier ', ja: '', sv: 'Lojalitetsnivå' } }).labels).toEqual({ en: 'Loyalty tier', sv: 'Lojalitetsnivå' });
  });

  it('needs options for a dropdown, each once; other types have none', () => {
    expect(FieldSettingsInput.safeParse({ ...loyaltyTier, options: [] }).error?.issues).toEqual([
      expect.objectContaining({ path: ['options'], message: 'a dropdown needs at least one option' }),
    ]);
    expect(FieldSettingsInput.safeParse({ ...loyaltyTier, options: ['Gold', 'Gold'] }).error?.issues[0]?.message).toBe('each option may appear only once');
    expect(FieldSettingsInput.parse({ ...loyaltyTier, type: 'text' }).options).toEqual([]);
  });

  it('names the allowed types', () => {
    expect(FieldSettingsInput.safeParse({ ...loyaltyTier, type: 'number' }).error?.issues[0]?.message).toBe('type must be one of text, email, dropdown');
  });
});

describe('labelIn', () => {
  it('takes the language\'s label, or the English one', () => {
    const labels = { en: 'Loyalty tier', de: 'Treuestufe' };
    expect(labelIn(labels, 'de')).toBe('Treuestufe');
    expect(labelIn(labels, 'ja')).toBe('Loyalty tier');
  });
});
