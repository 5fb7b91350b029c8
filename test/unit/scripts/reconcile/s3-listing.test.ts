import { currentObjectsOf } from '../../../../scripts/reconcile/s3-listing';

describe('currentObjectsOf', () => {
  it('keeps the latest version of each key, sorted, with the quotes off the ETag', () => {
    expect(
      currentObjectsOf({
        Versions: [
          { Key: 'b', VersionId: 'b2', IsLatest: true, Size: 2, ETag: '"e-b2"' },
          { Key: 'b', VersionId: 'b1', IsLatest: false, Size: 1, ETag: '"e-b1"' },
          { Key: 'a', VersionId: 'null', IsLatest: true, Size: 5, ETag: '"e-a"' },
        ],
      }),
    ).toEqual([
      { key: 'a', size: 5, etag: 'e-a', versionId: 'null' },
      { key: 'b', size: 2, etag: 'e-b2', versionId: 'b2' },
    ]);
  });

  it('drops keys whose latest version is a delete marker (no version is latest)', () => {
    expect(
      currentObjectsOf({
        Versions: [{ Key: 'gone', VersionId: 'v1', IsLatest: false, Size: 1, ETag: '"e"' }],
      }),
    ).toEqual([]);
  });

  it('skips folder markers', () => {
    expect(
      currentObjectsOf({
        Versions: [
          {
            Key: 'access_events/',
            VersionId: 'v',
            IsLatest: true,
            Size: 0,
            ETag: '"d41d8cd98f00b204e9800998ecf8427e"',
          },
        ],
      }),
    ).toEqual([]);
  });

  it("skips a job's commit files, which are not mirrored, and keeps the data beside them", () => {
    const version = (Key: string) => ({
      Key,
      VersionId: 'v',
      IsLatest: true,
      Size: 1,
      ETag: '"e"',
    });
    expect(
      currentObjectsOf({
        Versions: [
          version('customer_rfm/_SUCCESS'),
          version('customer_rfm/.spark-staging-1/year=2026/part-0.parquet'),
          version('customer_rfm/year=2026/month=03/day=07/part-0.parquet'),
        ],
      }).map((entry) => entry.key),
    ).toEqual(['customer_rfm/year=2026/month=03/day=07/part-0.parquet']);
  });

  it('handles a page without versions', () => {
    expect(currentObjectsOf({})).toEqual([]);
  });
});
