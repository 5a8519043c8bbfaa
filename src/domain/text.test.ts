import { findUnstorableText, storableText, unstorableReason } from './text';

describe('text PostgreSQL can store', () => {
  it('is any Unicode text without NUL: emoji, joiners, bidi marks and noncharacters included', () => {
    for (const text of ['', 'Edward Ferrars', '😀', '👩‍👩‍👧', '\u202eabc', '\ufeff', '\uffff', 'ﷺ', '\ud83d\ude00']) {
      expect(unstorableReason(text)).toBeUndefined();
    }
  });

  it.each([
    ['a NUL', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'x\ud800', /lone surrogate/],
    ['a lone low surrogate', '\udc00x', /lone surrogate/],
    ['surrogates in the wrong order', '\ude00\ud83d', /lone surrogate/],
  ])('is not text with %s', (_what, text, reason) => {
    expect(unstorableReason(text)).toMatch(reason);
    expect(storableText().safeParse(text).error?.issues[0]?.message).toMatch(reason);
  });

  it('is found anywhere in a JSON value, keys included, with its path', () => {
    expect(findUnstorableText({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual({ path: ['a', 2, 'b'], reason: expect.stringMatching(/NUL/) });
    expect(findUnstorableText({ fields: { 'ci\ud800ty': 'Barton' } })).toEqual({ path: ['fields'], reason: expect.stringMatching(/^has a property name that contains a lone surrogate/) });
    expect(findUnstorableText({ a: ['fine', 2, null, true], b: { c: '😀' } })).toBeUndefined();
  });

  it('is found at any depth, without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.path).toHaveLength(100_000);
  });

});
