/**
 * The streaming copy's ranges side by side against localcloud: ranged GETs piped into appends at
 * their positions, several in flight, the MD5 checked in the object's order, and a failure with
 * ranges in flight leaving nothing a reader can see.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import {
  LAMBDA_CONTEXT,
  MIB,
  adminDataLake,
  md5Hex,
  patternBytes,
  readMirror,
  receiveRecords,
  redeliver,
  useLake,
  sqsEvent,
  tempPaths,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const KEY = 'web_logs/year=2026/month=03/day=09/hour=08/part-0002.parquet';
/** Seven 1 MiB ranges and a short one; single-part, so S3 vouches for its MD5. */
const BODY = patternBytes(0, 7 * MIB + 12345);
const RANGES = 8;
const STREAMING = {
  COPY_MODE: 'streaming',
  STREAMING_BLOCK_SIZE_MIB: '1',
  STREAMING_CONCURRENCY: '4',
};

async function putObject(): Promise<SQSRecord> {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: BODY }));
  const [record] = await receiveRecords(lake());
  return record!;
}

describe('streaming copy in ranges side by side', () => {
  it('appends every range at its position, checks the MD5 and makes blocks + 4 ADLS requests', async () => {
    const record = await putObject();
    const { deps } = transferDependencies(cloud(), lake(), { env: STREAMING });
    await (
      await deps.azure()
    ).dataLake
      .getFileSystemClient('raw')
      .getDirectoryClient(KEY.slice(0, KEY.lastIndexOf('/')))
      .createIfNotExists();
    cloud().requests.clear();

    const result = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);
    const requests = cloud().requests.byOperation();

    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      size: BODY.length,
      md5: md5Hex(BODY),
    });
    expect(requests).toMatchObject({
      'azure:CreatePath': 1,
      'azure:AppendData': RANGES,
      'azure:FlushData': 1,
      's3:GetObject': RANGES,
    });
    const adls = Object.entries(requests)
      .filter(([operation]) => operation.startsWith('azure:'))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(adls).toBeLessThanOrEqual(RANGES + 4);
  });

  it('leaves nothing visible when an append fails with ranges in flight, and the redelivery completes', async () => {
    const record = await putObject();
    const { deps } = transferDependencies(cloud(), lake(), { env: STREAMING });
    // Three appends go through, then every append fails while others are in flight.
    cloud().faults.inject({ service: 'azure', operation: 'AppendData', times: 3 });
    cloud().faults.inject({
      service: 'azure',
      operation: 'AppendData',
      times: 100,
      error: { code: 'ServerBusy', status: 503 },
    });

    const first = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);
    const mirrorAfterFailure = await readMirror(cloud(), 'raw', KEY);
    const staged = await tempPaths(cloud(), 'raw');
    const stagedSizes = await Promise.all(
      staged.map(
        async (path) =>
          (
            await adminDataLake(cloud())
              .getFileSystemClient('raw')
              .getFileClient(path)
              .getProperties()
          ).contentLength,
      ),
    );
    cloud().faults.clear();
    const second = await createBatchHandler(deps)(
      sqsEvent([await redeliver(lake(), record)]),
      LAMBDA_CONTEXT,
    );

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(mirrorAfterFailure).toBeUndefined();
    // The temporary file exists, but its appends were never flushed: it holds no bytes.
    expect(stagedSizes).toEqual([0]);
    expect(second.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      size: BODY.length,
      md5: md5Hex(BODY),
    });
  });
});
