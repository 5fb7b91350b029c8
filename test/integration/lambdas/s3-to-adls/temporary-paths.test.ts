/**
 * The temporary path never stands in the way: any key valid as a final ADLS path can be staged,
 * and no staged copy outlives a copy that will not be published (a lost race, a path that can
 * never exist).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { SQSRecord } from 'aws-lambda';
import { createBatchHandler, createRecordHandler } from '../../../../lambdas/s3-to-adls/batch';
import { s3Presigner } from '../../../../lambdas/s3-to-adls/source';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  readMirror,
  receiveRecords,
  redeliver,
  useLake,
  sqsEvent,
  tempPaths,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

async function put(key: string, body: string): Promise<SQSRecord> {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: key, Body: body }));
  const [record] = await receiveRecords(lake());
  return record!;
}

/** 1020 characters (S3 allows 1024 bytes), a last segment of 250 (ADLS allows 255). */
function longKey(): string {
  const partition = 'transactions/year=2026/month=03/day=10';
  const directories = [200, 200, 200, 127].map((length) => 'd'.repeat(length));
  return [partition, ...directories, `${'p'.repeat(245)}.json`].join('/');
}

describe('long keys', () => {
  it('localcloud refuses a blob name over 1024 characters, as Azure does', async () => {
    const blobs = new BlobServiceClient(
      cloud().azure.endpoint,
      new StorageSharedKeyCredential(cloud().azure.accountName, cloud().azure.accountKey),
    ).getContainerClient('raw');

    await expect(blobs.getBlockBlobClient('a'.repeat(1025)).upload('x', 1)).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it.each(['server-side', 'streaming'] as const)(
    '%s: a key valid as a final path is mirrored',
    async (mode) => {
      const key = longKey();
      const record = await put(key, 'at the limits');
      const { deps } = transferDependencies(cloud(), lake(), { env: { COPY_MODE: mode } });

      const outcome = await createRecordHandler(deps)(record);

      expect(key).toHaveLength(1020);
      expect(key.split('/').at(-1)).toHaveLength(250);
      expect(outcome).toMatchObject({ outcome: 'copied' });
      expect((await readMirror(cloud(), 'raw', key))?.md5).toBe(
        md5Hex(Buffer.from('at the limits')),
      );
      expect(await tempPaths(cloud(), 'raw')).toEqual([]);
    },
  );
});

describe('a file where a parent directory must be', () => {
  it.each([
    [
      'the parent',
      'transactions/year=2026/month=04',
      'transactions/year=2026/month=04/part-1.json',
    ],
    [
      'a grandparent',
      'transactions/year=2026/month=04',
      'transactions/year=2026/month=04/day=01/part-1.json',
    ],
  ])('%s is a file: a permanent failure, no temporary file left', async (_name, file, key) => {
    const { deps, observed } = transferDependencies(cloud(), lake());
    const handler = createBatchHandler(deps);
    await handler(sqsEvent([await put(file, 'a file')]), LAMBDA_CONTEXT);
    const record = await put(key, 'under the file');

    const result = await handler(sqsEvent([record]), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(observed.sum('PermanentFailures')).toBe(1);
    const failure = observed.logs.find((log) => log.level === 'error');
    expect(JSON.stringify(failure?.extra)).toContain('InvalidTargetPathError');
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
    expect(await readMirror(cloud(), 'raw', file)).toBeDefined();
  });
});

describe('a copy that loses the race', () => {
  const KEY = 'transactions/year=2026/month=03/day=11/part-0001.json';

  it('removes its temporary file when the newer version was published meanwhile', async () => {
    const older = await put(KEY, 'version one');
    const newer = transferDependencies(cloud(), lake());
    // Between the decision to copy version one and its rename, version two is written and
    // mirrored: the rename then finds the final path taken.
    const { deps } = transferDependencies(cloud(), lake(), {
      overrides: {
        presign: async (source, expiresIn) => {
          const next = await put(KEY, 'version two');
          await createRecordHandler(newer.deps)(next);
          return s3Presigner(lake().s3)(source, expiresIn);
        },
      },
    });

    const outcome = await createRecordHandler(deps)(older);

    expect(outcome).toEqual({ outcome: 'older' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('version two')));
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
  });

  it('leaves no temporary file when v2 and v1 of one key arrive in one batch', async () => {
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'one' }));
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'two' }));
    const [v1, v2] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake());

    const result = await createBatchHandler(deps)(sqsEvent([v2!, v1!]), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('two')));
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
  });
});

describe('a staged copy kept for a redelivery', () => {
  const KEY = 'transactions/year=2026/month=03/day=12/part-0001.json';

  it('is removed when the redelivery finds a newer version published and copies nothing', async () => {
    const older = await put(KEY, 'version one');
    const { deps } = transferDependencies(cloud(), lake());
    // The rename fails on a retryable error (past the SDK's own retries): the verified copy
    // stays for the redelivery.
    cloud().faults.inject({
      service: 'azure',
      operation: 'RenamePath',
      times: 20,
      error: { code: 'ServerBusy', status: 503 },
    });
    const first = await createBatchHandler(deps)(sqsEvent([older]), LAMBDA_CONTEXT);
    const keptForRetry = await tempPaths(cloud(), 'raw');
    cloud().faults.clear();
    // Before the redelivery, the key is overwritten and the new version mirrored.
    const newer = await put(KEY, 'version two');
    await createRecordHandler(transferDependencies(cloud(), lake()).deps)(newer);

    const outcome = await createRecordHandler(deps)(await redeliver(lake(), older));

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: older.messageId }]);
    expect(keptForRetry).toHaveLength(1);
    expect(outcome).toEqual({ outcome: 'older' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('version two')));
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
  });
});
