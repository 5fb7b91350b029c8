import { createHash } from 'node:crypto';
import { OrderedDigest } from '../../../../lambdas/s3-to-adls/ordered-digest';

const RANGES = ['first range;', 'second range;', 'third range.'].map((text) => Buffer.from(text));
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Each range in two chunks. */
const halves = (range: Buffer) => [
  range.subarray(0, range.length >> 1),
  range.subarray(range.length >> 1),
];

describe('OrderedDigest', () => {
  it('hashes ranges that arrive interleaved and end out of order in the object’s order', () => {
    const digest = new OrderedDigest();
    const [a, b, c] = RANGES.map(halves) as [Buffer[], Buffer[], Buffer[]];

    digest.update(2, c[0]!);
    digest.update(0, a[0]!);
    digest.update(1, b[0]!);
    digest.update(2, c[1]!);
    digest.end(2);
    digest.update(1, b[1]!);
    digest.end(1);
    digest.update(0, a[1]!);
    digest.end(0);

    expect(digest.digest().toString('hex')).toBe(md5(Buffer.concat(RANGES)));
  });

  it('holds only what runs ahead of the earliest unfinished range', () => {
    const digest = new OrderedDigest();

    digest.update(0, RANGES[0]!);
    digest.update(1, RANGES[1]!);
    digest.update(2, RANGES[2]!);
    digest.end(0);
    digest.end(1);
    digest.end(2);

    expect(digest.peakHeldBytes).toBe(RANGES[1]!.length + RANGES[2]!.length);
    expect(digest.digest().toString('hex')).toBe(md5(Buffer.concat(RANGES)));
  });

  it('holds nothing when the ranges arrive in order', () => {
    const digest = new OrderedDigest();

    RANGES.forEach((range, index) => {
      digest.update(index, range);
      digest.end(index);
    });

    expect(digest.peakHeldBytes).toBe(0);
  });
});
