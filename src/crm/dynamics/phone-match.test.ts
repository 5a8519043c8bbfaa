import { phonePattern, samePhone } from './phone-match';

describe('phone matching', () => {
  it('asks for the last seven digits with any separators between them', () => {
    expect(phonePattern('+15555550142')).toBe('5%5%5%0%1%4%2');
    expect(phonePattern('+1234')).toBeNull();
  });

  it.each([
    ['(555) 555-0142', '+15555550142'],
    ['+1 555.555.0142', '+15555550142'],
    ['555-0142', '+15555550142'],
    ['020 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['01 23 45 67 89', '+33123456789'],
    ['+1 555 555 0142 ext. 12', '+15555550142'],
  ])('takes %s for %s', (stored, e164) => {
    expect(samePhone(stored, e164)).toBe(true);
  });

  it.each([
    ['+1 555 999 0142', '+15555550142'],
    ['0142', '+15555550142'],
    ['', '+15555550142'],
  ])('does not take %s for %s', (stored, e164) => {
    expect(samePhone(stored, e164)).toBe(false);
  });
});
