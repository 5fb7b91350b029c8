import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import {
  LAMBDA_CONTEXT,
  MIB,
  md5Hex,
  patternBytes,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  tempPaths,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const ODD_KEYS = [
  'web_logs/year=2026/month=03/day=08/hour=17/part 0001 with spaces.json',
  'web_logs/year=2026/month=03/day=08/hour=17/a+b=c&d.json',
  'web_logs/year=2026/month=03/day=08/hour=17/100%25 done %.json',
  'customers/year=2026/month=03/day=08/ünïcödé-日本-😀.json',
  'interactions/' + Array.from({ length: 30 }, (_, i) => `level-${i}`).join('/') + '/deep.json',
];

describe.each(['server-side', 'streaming'] as const)('%s copy', (mode) => {
  const env = { COPY_MODE: mode };

  it('mirrors keys with spaces, +, %, unicode and deep paths, with metadata', async () => {
    for (const [index, key] of ODD_KEYS.entries()) {
      await lake().s3.send(
        new PutObjectCommand({
          Bucket: lake().raw,
          Key: key,
          Body: `{"n":${index}}`,
          ContentType: 'application/json',
          Metadata: { 'produced-by': 'generator', 'schema.version': '2' },
        }),
      );
    }
    const { deps, observed } = transferDependencies(cloud(), lake(), { env });

    const result = await createBatchHandler(deps)(
      sqsEvent(await receiveRecords(lake())),
      LAMBDA_CONTEXT,
    );

    expect(result.batchItemFailures).toEqual([]);
    // No fallback, no retry: server-side really was server-side.
    expect(observed.logs.filter((log) => log.level === 'warn' || log.level === 'error')).toEqual(
      [],
    );
    for (const [index, key] of ODD_KEYS.entries()) {
      const mirror = await readMirror(cloud(), 'raw', key);
      expect(mirror).toMatchObject({
        md5: md5Hex(Buffer.from(`{"n":${index}}`)),
        contentType: 'application/json',
        metadata: expect.objectContaining({
          s3_produced_by: 'generator',
          s3_schema_version: '2',
          source_bucket: lake().raw,
          source_etag: md5Hex(Buffer.from(`{"n":${index}}`)),
          source_version_id: expect.any(String),
          source_sequencer: expect.stringMatching(/^[0-9A-F]+$/),
        }),
      });
    }
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
    expect(observed.sum('BytesCopied')).toBe(
      ODD_KEYS.reduce((sum, _key, index) => sum + `{"n":${index}}`.length, 0),
    );
    expect(observed.sum('BytesThroughFunction')).toBe(
      mode === 'streaming' ? observed.sum('BytesCopied') : 0,
    );
    expect(observed.metrics.filter((m) => m.name === 'Copies').map((m) => m.dimension)).toEqual(
      ODD_KEYS.map(() => mode),
    );
  });

  it('mirrors a zero-byte object', async () => {
    const key = 'transactions/year=2026/month=03/day=08/part-00000-empty.json';
    await lake().s3.send(
      new PutObjectCommand({ Bucket: lake().raw, Key: key, Body: Buffer.alloc(0) }),
    );
    const { deps } = transferDependencies(cloud(), lake(), { env });

    const result = await createBatchHandler(deps)(
      sqsEvent(await receiveRecords(lake())),
      LAMBDA_CONTEXT,
    );

    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', key)).toMatchObject({
      size: 0,
      md5: md5Hex(Buffer.alloc(0)),
    });
  });

  // Eight parts, copied as eight blocks four at a time: the sizes that matter are the counts, not
  // the bytes (bench:transfer copies up to 1 GiB).
  it('mirrors a 64 MiB multipart object of eight parts byte for byte', async () => {
    const key = 'sales_by_product/year=2026/month=03/day=08/big.parquet';
    const partSize = 8 * MIB;
    const expected = createHash('md5');
    const { UploadId } = await lake().s3.send(
      new CreateMultipartUploadCommand({ Bucket: lake().curated, Key: key }),
    );
    const parts = [];
    for (let part = 0; part < 8; part += 1) {
      const body = patternBytes(part * partSize, partSize);
      expected.update(body);
      const { ETag } = await lake().s3.send(
        new UploadPartCommand({
          Bucket: lake().curated,
          Key: key,
          UploadId,
          PartNumber: part + 1,
          Body: body,
        }),
      );
      parts.push({ ETag, PartNumber: part + 1 });
    }
    await lake().s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: lake().curated,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const { deps, observed } = transferDependencies(cloud(), lake(), {
      env: { ...env, BLOCK_SIZE_MIB: '8', COPY_CONCURRENCY: '4' },
    });

    const result = await createBatchHandler(deps)(
      sqsEvent(await receiveRecords(lake())),
      LAMBDA_CONTEXT,
    );

    // Should the record fail, the transfer's warnings say why.
    expect({
      failures: result.batchItemFailures,
      why: result.batchItemFailures.length > 0 ? observed.logs : [],
    }).toEqual({ failures: [], why: [] });
    const mirror = await readMirror(cloud(), 'curated', key);
    expect(mirror?.size).toBe(64 * MIB);
    expect(mirror?.md5).toBe(expected.digest('hex'));
    expect(observed.sum('BytesCopied')).toBe(64 * MIB);
  });
});
