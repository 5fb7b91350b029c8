import { sharedBytes } from '../../../src/core/shared-bytes';

describe('sharedBytes', () => {
  const body = (fill: number, size = 64 * 1024) => Buffer.alloc(size, fill);

  it('hands back the body already held for equal bytes, and keeps different bytes apart', () => {
    const first = sharedBytes(body(1));
    expect(sharedBytes(body(1))).toBe(first);
    const other = body(2);
    expect(sharedBytes(other)).toBe(other);
    expect(first.equals(body(1))).toBe(true);
  });

  it('does not share small bodies', () => {
    const small = body(3, 100);
    sharedBytes(small);
    const again = body(3, 100);
    expect(sharedBytes(again)).toBe(again);
  });
});
