import { compareKeys, unquoteEtag } from '../../../../scripts/reconcile/keys';

const utf8Order = (a: string, b: string) =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareKeys', () => {
  it('orders like UTF-8 bytes, where JavaScript string order differs (astral vs U+FFxx)', () => {
    const astral = 'a/\u{1F600}'; // surrogate pair, UTF-8 F0 9F 98 80
    const highBmp = 'a/\uFF21'; // fullwidth A, UTF-8 EF BC A1
    expect(astral < highBmp).toBe(true); // UTF-16 code units: D83D < FF21
    expect(compareKeys(astral, highBmp)).toBeGreaterThan(0);
    expect(utf8Order(astral, highBmp)).toBeGreaterThan(0);
  });

  it('agrees with UTF-8 byte order on a mixed set of awkward keys', () => {
    const keys = [
      'a/b',
      'a-b',
      'a b',
      'a+b',
      'a%2Fb',
      'A/b',
      'a',
      'a/',
      'é',
      'e\u0301',
      '\u{1F600}',
      '\uFFFD',
      '\uE000',
      'z',
      'a.b',
      'a/b/c',
      '',
    ];
    const byBytes = [...keys].sort(utf8Order);
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
  });

  it('treats keys that differ only in case or Unicode normalisation as different', () => {
    expect(compareKeys('Data/x', 'data/x')).not.toBe(0);
    expect(compareKeys('caf\u00e9', 'cafe\u0301')).not.toBe(0);
    expect(compareKeys('same', 'same')).toBe(0);
  });

  it('sorts a prefix before its extensions', () => {
    expect(compareKeys('a', 'a/')).toBeLessThan(0);
    expect(compareKeys('a-', 'a/')).toBeLessThan(0);
  });
});

describe('unquoteEtag', () => {
  it.each([
    ['"abc"', 'abc'],
    ['abc', 'abc'],
    ['W/"abc"', 'abc'],
    ['"abc-2"', 'abc-2'],
  ])('%s → %s', (input, expected) => {
    expect(unquoteEtag(input)).toBe(expected);
  });
});
