/**
 * Seeded randomness for the event producer: xoshiro128** (32-bit state words, fast, passes
 * BigCrush) seeded through splitmix32, so the same seed always yields the same records. Each
 * generator draws from its own stream (`fork`), which keeps one topic's sequence unchanged when
 * another topic is added to the run.
 */

/** Largest seed accepted: the PRNG state is built from one unsigned 32-bit word. */
export const MAX_SEED = 0xffff_ffff;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a: turns a stream label into a 32-bit number to mix into the seed. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (const char of label) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const rotl = (value: number, bits: number): number =>
  ((value << bits) | (value >>> (32 - bits))) >>> 0;

export class Random {
  private readonly state: Uint32Array;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}; got ${seed}`);
    }
    const seeder = splitmix32(seed);
    this.state = Uint32Array.from([seeder(), seeder(), seeder(), seeder()]);
    // An all-zero state would only ever yield zeros; splitmix32 cannot produce four zeros in a
    // row, but the guard documents the invariant.
    if (this.state.every((word) => word === 0)) this.state[0] = 1;
  }

  /** An independent stream for `label`, reproducible from this stream's seed alone. */
  fork(label: string): Random {
    return new Random(
      (Math.imul(this.seed ^ hashLabel(label), 0x9e3779b1) ^ hashLabel(label)) >>> 0,
    );
  }

  /** The next unsigned 32-bit word (xoshiro128**). */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    s[1] = (s1 ^ n2) >>> 0;
    s[0] = (s0 ^ n3) >>> 0;
    s[2] = (n2 ^ t) >>> 0;
    s[3] = rotl(n3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One item, chosen with probability proportional to `weightOf(item)`. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    if (items.length === 0 || total <= 0) throw new RangeError('weights must sum to more than 0');
    let remaining = this.next() * total;
    for (const item of items) {
      remaining -= weightOf(item);
      if (remaining < 0) return item;
    }
    return items[items.length - 1]!; // floating-point remainder
  }

  /** Standard normal variate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median: durations, sizes, prices are right-skewed. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Number of trials up to and including the first success (≥ 1), mean 1 / p. */
  geometric(p: number): number {
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** RFC 9562 version 4 UUID whose 122 random bits come from this stream. */
  uuid(): string {
    const bytes = new Uint8Array(16);
    for (let index = 0; index < 16; index += 4) {
      const word = this.nextUint32();
      bytes[index] = word >>> 24;
      bytes[index + 1] = (word >>> 16) & 0xff;
      bytes[index + 2] = (word >>> 8) & 0xff;
      bytes[index + 3] = word & 0xff;
    }
    bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * Draws items with fixed weights in O(log n): built once per population, used for every record.
 */
export class WeightedSampler<T> {
  private readonly cumulative: number[];

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('a sampler needs one weight per item, and at least one item');
    }
    let total = 0;
    this.cumulative = weights.map((weight) => (total += weight));
    if (total <= 0) throw new RangeError('weights must sum to more than 0');
  }

  draw(random: Random): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low]!;
  }
}

/**
 * Zipf weights for ranks 1…n: a few items take most of the traffic, as with titles on a
 * streaming service or products in a shop.
 */
export function zipfWeights(n: number, exponent: number): number[] {
  return Array.from({ length: n }, (_, index) => 1 / Math.pow(index + 1, exponent));
}

/** A copy of `items` in random order (Fisher–Yates, drawing from `random`). */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
