import { tempPathFor } from '../../../../lambdas/s3-to-adls/adls-target';
import { hnsPathViolation, MAX_PATH_LENGTH } from '../../../../lambdas/s3-to-adls/hns-path';

/** A final path at both limits: 1024 characters, a last segment of 255. */
function longestValidPath(): string {
  const last = `${'f'.repeat(250)}.json`;
  const directories: string[] = [];
  let length = last.length;
  while (length + 251 <= MAX_PATH_LENGTH) {
    directories.push('d'.repeat(250));
    length += 251;
  }
  const filler = 'e'.repeat(MAX_PATH_LENGTH - length - 1);
  return [...directories, filler, last].join('/');
}

describe('tempPathFor', () => {
  it('stays a valid path for any valid final path', () => {
    const path = longestValidPath();
    const source = { versionId: 'Zc.9_mP3-z'.repeat(4), etag: 'd41d8cd98f00b204e9800998ecf8427e' };

    expect(path).toHaveLength(MAX_PATH_LENGTH);
    expect(hnsPathViolation(path)).toBeUndefined();
    expect(hnsPathViolation(tempPathFor(path, source))).toBeUndefined();
  });

  it('is under the temporary prefix, of one fixed length', () => {
    const short = tempPathFor('raw/a.json', { etag: 'e' });
    const long = tempPathFor(longestValidPath(), { versionId: 'v', etag: 'e' });

    expect(short).toMatch(/^_transfer-tmp\/[0-9a-f]{64}$/);
    expect(long).toHaveLength(short.length);
  });

  it('is the same for one version, and differs between versions and paths', () => {
    const path = 'transactions/year=2026/part-1.json';

    expect(tempPathFor(path, { versionId: 'v1', etag: 'e' })).toBe(
      tempPathFor(path, { versionId: 'v1', etag: 'e' }),
    );
    expect(tempPathFor(path, { versionId: 'v2', etag: 'e' })).not.toBe(
      tempPathFor(path, { versionId: 'v1', etag: 'e' }),
    );
    expect(tempPathFor(path, { etag: 'e2' })).not.toBe(tempPathFor(path, { etag: 'e1' }));
    expect(tempPathFor(`${path}x`, { etag: 'e' })).not.toBe(tempPathFor(path, { etag: 'e' }));
  });
});
