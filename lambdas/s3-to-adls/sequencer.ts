/**
 * S3 sequencers order the events of one key: hexadecimal strings of varying length, compared
 * after left-padding the shorter with zeros (S3's documented rule). They mean nothing across keys.
 */

/** Negative when `a` is older than `b`, 0 when the same change, positive when newer. */
export function compareSequencers(a: string, b: string): number {
  const left = a.toUpperCase();
  const right = b.toUpperCase();
  for (const value of [left, right]) {
    if (!/^[0-9A-F]+$/.test(value)) throw new RangeError(`Not a hex sequencer: "${value}"`);
  }
  const width = Math.max(left.length, right.length);
  const paddedLeft = left.padStart(width, '0');
  const paddedRight = right.padStart(width, '0');
  if (paddedLeft === paddedRight) return 0;
  return paddedLeft < paddedRight ? -1 : 1;
}
