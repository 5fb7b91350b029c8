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

  it('handles a page without versions', () => {
    expect(currentObjectsOf({})).toEqual([]);
  });
});
