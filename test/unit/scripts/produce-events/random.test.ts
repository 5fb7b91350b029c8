import { Random, WeightedSampler, zipfWeights } from '../../../../scripts/produce-events/random';

const draws = (random: Random, n: number) => Array.from({ length: n }, () => random.nextUint32());

describe('Random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draws(new Random(42), 50)).toEqual(draws(new Random(42), 50));
    expect(draws(new Random(42), 50)).not.toEqual(draws(new Random(43), 50));
  });

  it('forks independent, reproducible streams by label', () => {
    const root = new Random(7);
    expect(draws(root.fork('a'), 20)).toEqual(draws(new Random(7).fork('a'), 20));
    expect(draws(root.fork('a'), 20)).not.toEqual(draws(root.fork('b'), 20));
  });

  it('produces RFC 9562 version 4 UUIDs without repeats', () => {
    const random = new Random(1);
    const ids = Array.from({ length: 10_000 }, () => random.uuid());
    // One assertion over every id: an expect() per id made this test the suite's slowest.
    const version4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ids.filter((id) => !version4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads next() over [0, 1) evenly', () => {
    const random = new Random(3);
    const buckets = new Array<number>(10).fill(0);
    const outOfRange: number[] = [];
    for (let index = 0; index < 100_000; index += 1) {
      const value = random.next();
      if (value < 0 || value >= 1) outOfRange.push(value);
      else buckets[Math.floor(value * 10)]! += 1;
    }
    expect(outOfRange).toEqual([]);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('keeps int() within its inclusive bounds and reaches both', () => {
    const random = new Random(5);
    const seen = new Set(Array.from({ length: 1000 }, () => random.int(2, 4)));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });

  it.each([-1, 1.5, 2 ** 32])('rejects the seed %p', (seed) => {
    expect(() => new Random(seed)).toThrow(RangeError);
  });
});

describe('WeightedSampler', () => {
  it('draws in proportion to the weights', () => {
    const sampler = new WeightedSampler(['a', 'b', 'c'], [6, 3, 1]);
    const random = new Random(9);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let index = 0; index < 30_000; index += 1) counts[sampler.draw(random)]! += 1;
    expect(counts.a! / 30_000).toBeCloseTo(0.6, 1);
    expect(counts.b! / 30_000).toBeCloseTo(0.3, 1);
    expect(counts.c! / 30_000).toBeCloseTo(0.1, 1);
  });

  it('never draws a zero-weight item', () => {
    const sampler = new WeightedSampler(['never', 'always'], [0, 1]);
    const random = new Random(2);
    const draws = new Set(Array.from({ length: 1000 }, () => sampler.draw(random)));
    expect([...draws]).toEqual(['always']);
  });

  it('rejects mismatched or empty weights', () => {
    expect(() => new WeightedSampler(['a'], [1, 2])).toThrow(RangeError);
    expect(() => new WeightedSampler([], [])).toThrow(RangeError);
    expect(() => new WeightedSampler(['a'], [0])).toThrow(RangeError);
  });

  it('gives Zipf weights that fall with rank', () => {
    expect(zipfWeights(4, 1)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
  });
});
