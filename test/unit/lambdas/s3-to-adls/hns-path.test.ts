import { InvalidTargetPathError } from '../../../../lambdas/s3-to-adls/errors';
import { assertValidHnsPath, hnsPathViolation } from '../../../../lambdas/s3-to-adls/hns-path';

describe('hnsPathViolation', () => {
  it.each([
    'raw/web_logs/year=2026/part-0001.parquet',
    'a b/c+d%e/ünï/日本.json',
    'x/'.repeat(100) + 'file',
    'dir/.hidden',
    'dir/file.tar.gz',
    'a/' + 'n'.repeat(255),
  ])('accepts %p', (path) => expect(hnsPathViolation(path)).toBeUndefined());

  it.each([
    ['', 'the path is empty'],
    ['/leading', 'has an empty path segment (leading, trailing or double "/")'],
    ['double//slash', 'has an empty path segment (leading, trailing or double "/")'],
    ['trailing/', 'has an empty path segment (leading, trailing or double "/")'],
    ['a/./b', 'has a "." path segment'],
    ['a/../b', 'has a ".." path segment'],
    ['a/ends-with-dot./b', 'the segment "ends-with-dot." ends with a dot'],
    ['a/file.', 'the segment "file." ends with a dot'],
    ['a/tab\there', 'contains a control character'],
    ['a/nul\u0000', 'contains a control character'],
    ['a/del\u007f', 'contains a control character'],
    ['a/back\\slash', 'contains a backslash (a path separator on HNS clients)'],
    ['a/lone\ud800surrogate', 'contains an unpaired UTF-16 surrogate'],
    ['a/' + 'n'.repeat(256), 'a path segment is longer than 255 characters'],
    ['x'.repeat(1025), 'longer than 1024 characters'],
    ['x/'.repeat(254) + 'x', 'more than 254 path segments'],
  ])('refuses %p: %s', (path, rule) => expect(hnsPathViolation(path)).toBe(rule));
});

describe('assertValidHnsPath', () => {
  it('throws a permanent InvalidTargetPathError naming path and rule', () => {
    let thrown: unknown;
    try {
      assertValidHnsPath('a/../b');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidTargetPathError);
    expect(thrown).toMatchObject({
      path: 'a/../b',
      rule: 'has a ".." path segment',
      retryable: false,
      message: '"a/../b" cannot be an ADLS Gen2 path: has a ".." path segment',
    });
  });
});
