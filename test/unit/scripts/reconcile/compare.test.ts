import { compareEntries, NOT_RECORDED } from '../../../../scripts/reconcile/compare';
import type { AdlsEntry, S3Entry } from '../../../../scripts/reconcile/keys';

const MD5 = '0cc175b9c0f1b6a831c399e269772661';
const s3: S3Entry = { key: 'k', size: 10, etag: MD5, versionId: 'v2' };
const copy: AdlsEntry = {
  key: 'k',
  size: 10,
  md5: MD5,
  sourceVersionId: 'v2',
  sourceEtag: `"${MD5}"`,
};

describe('compareEntries', () => {
  it('finds nothing when size, version and ETag agree (quotes on the ETag do not matter)', () => {
    expect(compareEntries(s3, copy)).toEqual([]);
  });

  it('reports a size difference with both values', () => {
    expect(compareEntries(s3, { ...copy, size: 12 })).toEqual([
      { field: 'size', s3: '10', adls: '12' },
    ]);
  });

  it('reports a different recorded version', () => {
    expect(compareEntries(s3, { ...copy, sourceVersionId: 'v1' })).toEqual([
      { field: 'source_version_id', s3: 'v2', adls: 'v1' },
    ]);
  });

  it('reports missing transfer metadata as not recorded', () => {
    expect(compareEntries(s3, { key: 'k', size: 10 })).toEqual([
      { field: 'source_version_id', s3: 'v2', adls: NOT_RECORDED },
      { field: 'source_etag', s3: MD5, adls: NOT_RECORDED },
    ]);
  });

  it('skips the version in an unversioned bucket and relies on the ETag', () => {
    const unversioned = { ...s3, versionId: 'null' };
    expect(compareEntries(unversioned, { ...copy, sourceVersionId: undefined })).toEqual([]);
    expect(compareEntries(unversioned, { ...copy, sourceEtag: 'other' })).toEqual([
      { field: 'source_etag', s3: MD5, adls: 'other' },
    ]);
  });

  it('reports every differing field of one key', () => {
    const fields = compareEntries(s3, {
      ...copy,
      size: 1,
      sourceVersionId: 'v0',
      sourceEtag: 'x',
    }).map((mismatch) => mismatch.field);
    expect(fields).toEqual(['size', 'source_version_id', 'source_etag']);
  });

  describe('MD5', () => {
    const other = '92eb5ffee6ae2fec3ad71c777531578f';

    it('is not compared by default: under SSE-KMS the ETag is not an MD5', () => {
      expect(compareEntries(s3, { ...copy, md5: other })).toEqual([]);
    });

    it('compares a plain ETag with Content-MD5 when told the ETag is an MD5', () => {
      expect(compareEntries(s3, { ...copy, md5: other }, { s3EtagIsMd5: true })).toEqual([
        { field: 'md5', s3: MD5, adls: other },
      ]);
      expect(
        compareEntries(s3, { ...copy, md5: MD5.toUpperCase() }, { s3EtagIsMd5: true }),
      ).toEqual([]);
    });

    it('never compares a multipart ETag', () => {
      const multipart = { ...s3, etag: `${other}-3` };
      expect(
        compareEntries(multipart, { ...copy, sourceEtag: `${other}-3` }, { s3EtagIsMd5: true }),
      ).toEqual([]);
    });

    it('is skipped when ADLS has no Content-MD5', () => {
      expect(compareEntries(s3, { ...copy, md5: undefined }, { s3EtagIsMd5: true })).toEqual([]);
    });
  });
});
