import type { AdlsEntry, S3Entry } from '../../../../scripts/reconcile/keys';
import { hasDrift, reconcileListings } from '../../../../scripts/reconcile/reconcile';
import { formatHumanReport, toJsonReport } from '../../../../scripts/reconcile/report';
import type { ReconcileTarget } from '../../../../scripts/reconcile/targets';
import { streamOf } from './streams';

const object = (key: string, size: number, versionId = `v-${key}`): S3Entry => ({
  key,
  size,
  etag: `etag-${key}`,
  versionId,
});
const copyOf = (entry: S3Entry, changes: Partial<AdlsEntry> = {}): AdlsEntry => ({
  key: entry.key,
  size: entry.size,
  sourceVersionId: entry.versionId,
  sourceEtag: `"${entry.etag}"`,
  ...changes,
});
const target: ReconcileTarget = {
  zone: 'raw',
  bucket: 'hybrid-lake-dev-raw-000000000000-eu-west-1',
  fileSystem: 'raw',
  s3Prefixes: ['access_events/'],
  adlsPrefix: 'access_events/',
};

describe('reconcileListings', () => {
  const a = object('access_events/a', 100);
  const b = object('access_events/b', 200);
  const c = object('access_events/c', 300);
  const d = object('access_events/d', 400);

  it('finds no drift in a faithful mirror', async () => {
    const summary = await reconcileListings(streamOf([a, b]), streamOf([copyOf(a), copyOf(b)]));
    expect(hasDrift(summary)).toBe(false);
    expect(summary.matched).toEqual({ count: 2, bytes: 300 });
    expect(summary.s3).toEqual({ count: 2, bytes: 300 });
    expect(summary.adls).toEqual({ count: 2, bytes: 300 });
  });

  it('sorts keys into missing, extra and mismatched with counts and bytes', async () => {
    const stray: AdlsEntry = { key: 'access_events/b2', size: 7 };
    const summary = await reconcileListings(
      streamOf([a, b, c, d]),
      streamOf([copyOf(a, { size: 99 }), stray, copyOf(c), copyOf(d, { sourceVersionId: 'old' })]),
    );
    expect(hasDrift(summary)).toBe(true);
    expect(summary.matched).toEqual({ count: 1, bytes: 300 });
    expect(summary.missing).toEqual({ count: 1, bytes: 200 });
    expect(summary.extra).toEqual({ count: 1, bytes: 7 });
    expect(summary.mismatched).toEqual({ count: 2, bytes: 500 });
    expect(summary.mismatchedFields).toEqual({
      size: 1,
      source_version_id: 1,
      source_etag: 0,
      md5: 0,
    });
    expect(summary.samples).toEqual({
      missing: [{ key: b.key, size: 200 }],
      extra: [{ key: stray.key, size: 7 }],
      mismatched: [
        { key: a.key, mismatches: [{ field: 'size', s3: '100', adls: '99' }] },
        { key: d.key, mismatches: [{ field: 'source_version_id', s3: d.versionId, adls: 'old' }] },
      ],
    });
  });

  it('keeps only the first `limit` keys of a category but counts them all', async () => {
    const objects = Array.from({ length: 50 }, (_, index) =>
      object(`k/${String(index).padStart(2, '0')}`, 1),
    );
    const summary = await reconcileListings(streamOf(objects), streamOf([]), { limit: 3 });
    expect(summary.missing).toEqual({ count: 50, bytes: 50 });
    expect(summary.samples.missing.map((item) => item.key)).toEqual(['k/00', 'k/01', 'k/02']);
  });
});

describe('reports', () => {
  it('prints a summary, the drift verdict and the first keys of each category', async () => {
    const a = object('access_events/a', 2048);
    const summary = await reconcileListings(
      streamOf([a, object('access_events/b', 5)]),
      streamOf([{ key: 'access_events/ c ', size: 1 }, copyOf(a, { sourceEtag: 'other' })]),
      { limit: 1 },
    );
    const text = formatHumanReport(target, summary);
    expect(text).toContain(
      'Zone raw: s3://hybrid-lake-dev-raw-000000000000-eu-west-1 ↔ ADLS file system "raw"',
    );
    expect(text).toMatch(/missing\s+1\s+5 B/);
    expect(text).toMatch(/mismatched\s+1\s+2\.0 KiB/);
    expect(text).toContain('by field: source_etag 1');
    expect(text).toContain('DRIFT: the mirror differs from S3.');
    expect(text).toContain('Missing in ADLS (1):\n  access_events/b  5 B');
    // Surrounding spaces would be invisible: such keys are quoted.
    expect(text).toContain('Extra in ADLS (1):\n  "access_events/ c "  1 B');
    expect(text).toContain('      source_etag: S3 etag-access_events/a ≠ ADLS other');
  });

  it('says so when there is no drift', async () => {
    const summary = await reconcileListings(streamOf([]), streamOf([]));
    expect(formatHumanReport(target, summary)).toContain('No drift.');
  });

  it('gives machines the same facts as JSON', async () => {
    const summary = await reconcileListings(streamOf([object('x/a', 1)]), streamOf([]));
    const json = JSON.parse(JSON.stringify(toJsonReport(target, summary)));
    expect(json).toMatchObject({
      version: 1,
      drift: true,
      zone: 'raw',
      bucket: target.bucket,
      fileSystem: 'raw',
      counts: { missing: { count: 1, bytes: 1 }, extra: { count: 0, bytes: 0 } },
      missing: [{ key: 'x/a', size: 1 }],
      extra: [],
      mismatched: [],
    });
  });
});
