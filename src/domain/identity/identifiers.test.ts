import { DomainError } from '../errors';
import { displayed, normalizeEmail, normalizeIdentifier, normalizeIdentifiers, normalizePhone, normalizeSocial } from './identifiers';

describe('normalizePhone', () => {
  it.each([
    ['+1 803-123-0000', 'US'],
    ['(803) 123-0000', 'US'],
    ['803.123.0000', 'US'],
    ['+18031230000', 'SE'],
    ['001 803 123 0000', 'SE'],
    ['tel:+1-803-123-0000', 'US'],
  ])('reads %s (default region %s) as +18031230000', (raw, region) => {
    expect(normalizePhone(raw, region)).toBe('+18031230000');
  });

  it('reads national numbers in the default region', () => {
    expect(normalizePhone('070-123 45 67', 'SE')).toBe('+46701234567');
    expect(normalizePhone('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalizePhone('03-1234-5678', 'JP')).toBe('+81312345678');
  });

  it('the same national digits mean different numbers in different regions', () => {
    expect(normalizePhone('0701234567', 'SE')).not.toBe(normalizePhone('0701234567', 'GB'));
  });

  it.each(['', 'abc', '12', '+1 803 123 0000 0000 000'])('rejects %j with a clear error', (raw) => {
    expect(() => normalizePhone(raw, 'US')).toThrow(DomainError);
    expect(() => normalizePhone(raw, 'US')).toThrow(/not a phone number/);
  });
});

describe('normalizeEmail', () => {
  it('trims and case-folds', () => {
    expect(normalizeEmail('  Edward.Ferrars@Example.COM ')).toBe('edward.ferrars@example.com');
  });

  it('composes Unicode so visually equal addresses compare equal', () => {
    expect(normalizeEmail('Ame\u0301lie@example.com')).toBe(normalizeEmail('am\u00e9lie@example.com'));
  });

  it.each(['edward', 'edward@', '@example.com', 'a b@example.com'])('rejects %j', (raw) => {
    expect(() => normalizeEmail(raw)).toThrow(/not an e-mail address/);
  });
});

describe('normalizeSocial', () => {
  it('scopes the id by its network', () => {
    expect(normalizeSocial('Facebook', ' 100012345 ')).toBe('facebook:100012345');
    expect(normalizeSocial('twitter', '100012345')).not.toBe(normalizeSocial('facebook', '100012345'));
  });

  it('rejects an empty id and a malformed network', () => {
    expect(() => normalizeSocial('facebook', '  ')).toThrow(/empty/);
    expect(() => normalizeSocial('face book', '1')).toThrow(/network/);
  });
});

describe('normalizeIdentifiers', () => {
  it('normalises every identifier provided', () => {
    expect(
      normalizeIdentifiers(
        { phone: '(803) 123-0000', email: 'E@X.org', social: { network: 'LINE', id: 'u1' }, cookie: ' gc_1 ' },
        'US',
      ),
    ).toEqual([
      { kind: 'phone', value: '+18031230000' },
      { kind: 'email', value: 'e@x.org' },
      { kind: 'social', value: 'line:u1' },
      { kind: 'cookie', value: 'gc_1' },
    ]);
  });

  it('names the field at fault', () => {
    try {
      normalizeIdentifiers({ email: 'nope' }, 'US');
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe('email');
    }
  });
});

describe('normalizeIdentifier', () => {
  it('reads social identifiers written network:id', () => {
    expect(normalizeIdentifier('social', 'Facebook:42', 'US')).toEqual({ kind: 'social', value: 'facebook:42' });
    expect(() => normalizeIdentifier('social', '42', 'US')).toThrow(/network:id/);
  });
});

describe('displayed', () => {
  it.each([
    ['+18035550142', '+1 803 555 0142'],
    ['+46701234567', '+46 70 123 45 67'],
    ['+81312345678', '+81 3 1234 5678'],
    ['+442079460018', '+44 20 7946 0018'],
  ])('shows the phone number %s in international format, keeping E.164 as the value', (value, display) => {
    expect(displayed({ kind: 'phone', value })).toEqual({ kind: 'phone', value, display });
  });

  it('shows a social id with its network, and other identifiers as stored', () => {
    expect(displayed({ kind: 'social', value: 'instagram:lucy.steele' }).display).toBe('instagram · lucy.steele');
    expect(displayed({ kind: 'email', value: 'lucy@example.com' }).display).toBe('lucy@example.com');
    expect(displayed({ kind: 'cookie', value: 'c-1:2' }).display).toBe('c-1:2');
  });

  it('shows a stored number it cannot read as stored rather than failing the card', () => {
    expect(displayed({ kind: 'phone', value: '+999123' }).display).toBe('+999123');
  });
});
