import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TRANSFER_TEMP_PREFIX } from '../../../../infra/platform';
import { main } from '../../../../scripts/reconcile/main';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { Mirror, reconcileJson } from './mirror-fixture';

const cloud = useLocalCloud();

describe('reconcile against localcloud', () => {
  let mirror: Mirror;
  beforeEach(async () => {
    mirror = new Mirror(cloud());
    await mirror.create();
  });

  it('finds no drift in a faithful mirror and exits 0', async () => {
    const a = await mirror.putMirrored(
      'access_events/year=2024/month=01/day=01/hour=00/part-0.parquet',
    );
    await mirror.putMirrored(
      'web_logs/year=2024/month=01/day=01/hour=00/part-0.parquet',
      'longer body',
    );

    const { code, report } = await reconcileJson(mirror);

    expect(code).toBe(0);
    expect(report.drift).toBe(false);
    expect(report.bucket).toBe(`hybrid-lake-dev-raw-${cloud().accountId}-${cloud().region}`);
    expect(report.counts.matched.count).toBe(2);
    expect(report.counts.matched.bytes).toBe(a.body.length + 'longer body'.length);

    const human = mirror.dependencies();
    expect(await main(['--zone', 'raw'], human)).toBe(0);
    expect(human.out.join('\n')).toContain('No drift.');
  });

  it('reports one missing, one extra, one size and one version mismatch, and exits 1', async () => {
    const base = 'access_events/year=2024/month=02/day=03/hour=04/';
    await mirror.putMirrored(`${base}part-0.parquet`);
    const missing = await mirror.putObject(`${base}part-1.parquet`, 'never copied');
    const sized = await mirror.putObject(`${base}part-2.parquet`, 'twelve bytes');
    await mirror.putCopy(sized, { body: Buffer.from('eleven byte') });
    const first = await mirror.putObject(`${base}part-3.parquet`, 'version one');
    await mirror.putCopy(first);
    const second = await mirror.putObject(`${base}part-3.parquet`, 'version two'); // not transferred yet
    await mirror.putCopy(await mirror.putObject(`${base}part-4.parquet`, 'deleted in S3'));
    await mirror.s3.send(
      new DeleteObjectCommand({ Bucket: mirror.bucket, Key: `${base}part-4.parquet` }),
    );

    const { code, report } = await reconcileJson(mirror);

    expect(code).toBe(1);
    expect(report.drift).toBe(true);
    expect(report.missing).toEqual([{ key: missing.key, size: 'never copied'.length }]);
    expect(report.extra).toEqual([{ key: `${base}part-4.parquet`, size: 'deleted in S3'.length }]);
    expect(report.mismatched).toEqual([
      { key: sized.key, mismatches: [{ field: 'size', s3: '12', adls: '11' }] },
      {
        key: second.key,
        mismatches: [
          { field: 'source_version_id', s3: second.versionId, adls: first.versionId },
          { field: 'source_etag', s3: second.etag, adls: first.etag },
        ],
      },
    ]);
    expect(report.counts.matched.count).toBe(1);
    expect(report.mismatchedFields).toEqual({
      size: 1,
      source_version_id: 1,
      source_etag: 1,
      md5: 0,
    });

    const human = mirror.dependencies();
    expect(await main(['--zone', 'raw'], human)).toBe(1);
    const text = human.out.join('\n');
    expect(text).toContain('DRIFT: the mirror differs from S3.');
    expect(text).toContain(`Missing in ADLS (1):\n  ${missing.key}`);
    expect(text).toContain(`source_version_id: S3 ${second.versionId} ≠ ADLS ${first.versionId}`);
  });

  it('matches odd keys: spaces, +, %, Unicode, deep paths, names that prefix a sibling', async () => {
    const keys = [
      'access_events/a b/c d.json',
      'access_events/a+b/x.json',
      'access_events/a%2Fb/100%.json',
      'access_events/a-b',
      'access_events/a.b/x',
      'access_events/a/x',
      'access_events/a/1/2/3/4/5/6/7/8/9/deep.parquet',
      'access_events/caf\u00e9/nfc.json',
      'access_events/\u65e5\u672c/\u{1F600}.json',
      'access_events/\uFF21/fullwidth.json',
      'access_events/Upper/x',
      'access_events/upper/x',
    ];
    for (const [index, key] of keys.entries()) {
      const written = await mirror.putObject(key, `body ${index}`);
      // Half through the Blob API, half through DFS: one namespace.
      await (index % 2 === 0 ? mirror.putCopy(written) : mirror.putCopyThroughDfs(written));
    }

    const { code, report } = await reconcileJson(mirror);

    expect(report.counts.matched.count).toBe(keys.length);
    expect(report.mismatched).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports keys that differ only in Unicode normalisation as missing and extra', async () => {
    const nfc = await mirror.putObject('access_events/caf\u00e9.json', 'x');
    await mirror.putCopy(nfc, { path: 'access_events/cafe\u0301.json' });

    const { code, report } = await reconcileJson(mirror);

    expect(code).toBe(1);
    expect(report.missing.map((item) => item.key)).toEqual(['access_events/caf\u00e9.json']);
    expect(report.extra.map((item) => item.key)).toEqual(['access_events/cafe\u0301.json']);
  });

  it('compares content MD5 when asked to trust plain ETags', async () => {
    const source = await mirror.putObject('curated-not/skip', 'ignored'); // outside every dataset
    const object = await mirror.putObject(
      'transactions/year=2024/month=01/day=01/part-0.parquet',
      'hello',
    );
    await mirror.putCopy(object, { body: Buffer.from('jello') }); // same size, same record, other bytes

    expect((await reconcileJson(mirror)).code).toBe(0);
    const { code, report } = await reconcileJson(mirror, '--s3-etag-is-md5');

    expect(code).toBe(1);
    expect(report.mismatched).toEqual([
      {
        key: object.key,
        mismatches: [
          { field: 'md5', s3: object.etag, adls: expect.stringMatching(/^[0-9a-f]{32}$/) },
        ],
      },
    ]);
    expect(report.missing.map((item) => item.key)).not.toContain(source.key);
  });

  it('ignores the transfer staging area, folder markers and commit files, and honours --prefix', async () => {
    await mirror.putMirrored('access_events/year=2024/part-0.parquet');
    await mirror.putMirrored('web_logs/year=2024/part-0.parquet');
    await mirror.putObject('web_logs/year=2025/not-copied.parquet', 'x');
    await mirror.s3.send(
      new PutObjectCommand({ Bucket: mirror.bucket, Key: 'access_events/', Body: Buffer.alloc(0) }),
    );
    await mirror.container
      .getBlockBlobClient(`${TRANSFER_TEMP_PREFIX}/abc123/staging`)
      .upload('tmp', 3);
    // A job's commit marker, which the mirror never copies, and one copied before it skipped them.
    await mirror.putObject('access_events/_SUCCESS', '');
    await mirror.container
      .getBlockBlobClient('web_logs/.spark-staging-1/part-0.parquet')
      .upload('x', 1);

    const scoped = await reconcileJson(mirror, '--prefix', 'access_events/');
    expect(scoped.code).toBe(0);
    expect(scoped.report.counts.matched.count).toBe(1);

    const all = await reconcileJson(mirror);
    expect(all.code).toBe(1);
    expect(all.report.missing.map((item) => item.key)).toEqual([
      'web_logs/year=2025/not-copied.parquet',
    ]);
    expect(all.report.extra).toEqual([]);
  });
});

describe('reconcile configuration errors', () => {
  it('refuses a zone that is not mirrored with exit 2', async () => {
    const mirror = new Mirror(cloud());
    const dependencies = mirror.dependencies();
    expect(await main(['--zone', 'clean'], dependencies)).toBe(2);
    expect(dependencies.err.join('\n')).toContain('zone "clean" is not mirrored to Azure');
  });

  it('exits 2 when the bucket does not exist', async () => {
    const mirror = new Mirror(cloud());
    await mirror.container.create();
    const dependencies = mirror.dependencies();
    expect(await main(['--zone', 'raw', '--bucket', 'no-such-bucket'], dependencies)).toBe(2);
    expect(dependencies.err.join('\n')).toContain('NoSuchBucket');
  });

  it('exits 2 when the file system does not exist', async () => {
    const mirror = new Mirror(cloud());
    await mirror.create();
    await mirror.container.delete();
    const dependencies = mirror.dependencies();
    expect(await main(['--zone', 'raw'], dependencies)).toBe(2);
    expect(dependencies.err.join('\n')).toContain('ContainerNotFound');
  });

  it('exits 2 naming the settings when no ADLS account is configured', async () => {
    const mirror = new Mirror(cloud());
    const dependencies = { ...mirror.dependencies(), blobService: undefined };
    expect(await main(['--zone', 'raw'], dependencies)).toBe(2);
    expect(dependencies.err.join('\n')).toContain('pass --account-url or set ADLS_ACCOUNT_URL');
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const dependencies = new Mirror(cloud()).dependencies();
    expect(await main(['--zone', 'raw', '--limit', 'x'], dependencies)).toBe(2);
    expect(dependencies.err.join('\n')).toContain('Usage: npm run reconcile');
  });
});
