import { compareSequencers } from '../../../../lambdas/s3-to-adls/sequencer';

describe('compareSequencers', () => {
  it.each([
    ['006408CAD69598B05E', '006408CAD69598B05F', -1],
    ['006408CAD69598B05F', '006408CAD69598B05E', 1],
    ['006408CAD69598B05E', '006408CAD69598B05E', 0],
    // Different lengths compare after left-padding with zeros, not as strings.
    ['FF', '0100', -1],
    ['100', 'FF', 1],
    ['0A', 'a', 0],
    ['00000001', '2', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(Math.sign(compareSequencers(a, b))).toBe(expected);
  });

  it('refuses something that is not hex', () => {
    expect(() => compareSequencers('12G', '12')).toThrow('Not a hex sequencer: "12G"');
  });
});
