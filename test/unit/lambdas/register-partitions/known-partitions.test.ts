import {
  DEFAULT_KNOWN_PARTITIONS,
  KnownPartitions,
} from '../../../../lambdas/register-partitions/known-partitions';

describe('KnownPartitions', () => {
  it('knows what it was told', () => {
    const known = new KnownPartitions(3);
    known.remember('a');

    expect(known.has('a')).toBe(true);
    expect(known.has('b')).toBe(false);
  });

  it('forgets the least recently used partition beyond its capacity', () => {
    const known = new KnownPartitions(3);
    for (const id of ['a', 'b', 'c']) known.remember(id);
    known.has('a'); // a is now the most recently used; b the least

    known.remember('d');

    expect(known.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].filter((id) => known.has(id))).toEqual(['a', 'c', 'd']);
  });

  it('does not grow when a known partition is remembered again', () => {
    const known = new KnownPartitions(2);
    known.remember('a');
    known.remember('a');

    expect(known.size).toBe(1);
  });

  it(`holds ${DEFAULT_KNOWN_PARTITIONS} partitions by default`, () => {
    const known = new KnownPartitions();
    for (let index = 0; index <= DEFAULT_KNOWN_PARTITIONS; index += 1) known.remember(`p${index}`);

    expect(known.size).toBe(DEFAULT_KNOWN_PARTITIONS);
    expect(known.has('p0')).toBe(false);
    expect(known.has(`p${DEFAULT_KNOWN_PARTITIONS}`)).toBe(true);
  });

  it.each([0, -5, 2.5])('refuses a capacity of %p', (capacity) => {
    expect(() => new KnownPartitions(capacity)).toThrow(RangeError);
  });
});
