import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { SQSRecord } from 'aws-lambda';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import type { FaultSpec } from '../../../../scripts/localcloud/core/faults';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  LAMBDA_CONTEXT,
  MIB,
  md5Hex,
  patternBytes,
  readMirror,
  receiveRecords,
  redeliver,
  setUpLake,
  sqsEvent,
  transferDependencies,
  type Lake,
} from './transfer-fixtures';

const cloud = useLocalCloud();
let lake: Lake;
beforeEach(async () => {
  lake = await setUpLake(cloud());
});

const KEY = 'web_logs/year=2026/month=03/day=08/hour=17/part-0001.parquet';
const BODY = patternBytes(0, 5 * MIB);
const BUSY = { code: 'ServerBusy', status: 503 } as const;

/** 5 MiB, copied as five 1 MiB blocks (server-side) or ranges (streaming), one at a time. */
function setup(mode: 'server-side' | 'streaming') {
  return transferDependencies(cloud(), lake, {
    env: { COPY_MODE: mode, BLOCK_SIZE_MIB: '1', COPY_CONCURRENCY: '1' },
    overrides: { singleRequestMaxBytes: MIB },
  });
}

async function putObject(): Promise<SQSRecord> {
  await lake.s3.send(new PutObjectCommand({ Bucket: lake.raw, Key: KEY, Body: BODY }));
  const [record] = await receiveRecords(lake);
  return record!;
}

/** Lets `after` calls of the operation through, then applies the fault to the next ones. */
function failAfter(operation: string, after: number, fault: Partial<FaultSpec>): void {
  if (after > 0) cloud().faults.inject({ service: 'azure', operation, times: after });
  cloud().faults.inject({ service: 'azure', operation, times: 20, ...fault });
}

function countCalls(operation: string): () => number {
  cloud().faults.inject({ service: 'azure', operation, times: 1000 });
  return () => cloud().faults.triggered.filter((call) => call.operation === operation).length;
}

// Blocks and appends fail mid-copy (after two went through); the rename fails outright.
describe.each([
  ['server-side', 'PutBlockFromURL', 2, { error: BUSY }],
  ['server-side', 'PutBlockFromURL', 2, { dropConnection: true }],
  ['server-side', 'RenamePath', 0, { error: BUSY }],
  ['streaming', 'AppendData', 2, { error: BUSY }],
  ['streaming', 'AppendData', 2, { dropConnection: true }],
  ['streaming', 'RenamePath', 0, { dropConnection: true }],
] as const)('%s copy, %s failing after %i calls with %j', (mode, operation, after, fault) => {
  it('leaves no partial final file, and the redelivered record completes it', async () => {
    const record = await putObject();
    const { deps, observed } = setup(mode);
    failAfter(operation, after, fault);

    const first = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);
    const afterFailure = await readMirror(cloud(), 'raw', KEY);
    cloud().faults.clear();
    const second = await createBatchHandler(deps)(
      sqsEvent([await redeliver(lake, record)]),
      LAMBDA_CONTEXT,
    );

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(afterFailure).toBeUndefined();
    expect(second.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      size: BODY.length,
      md5: md5Hex(BODY),
    });
    expect(observed.sum('Failures')).toBe(1);
    expect(observed.sum('Retries')).toBe(1);
  });
});

describe('resuming a server-side block copy', () => {
  it('stages only the blocks the failed attempt did not stage', async () => {
    const record = await putObject();
    const { deps } = setup('server-side');
    failAfter('PutBlockFromURL', 2, { error: BUSY });

    const first = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);
    const temp = new BlobServiceClient(
      cloud().azure.endpoint,
      new StorageSharedKeyCredential(cloud().azure.accountName, cloud().azure.accountKey),
    )
      .getContainerClient('raw')
      .getBlockBlobClient(
        `_transfer-tmp/${KEY}.${record.body.match(/"version-id":"([^"]+)"/)![1]}`,
      );
    const staged = await temp.getBlockList('uncommitted');
    cloud().faults.clear();
    const stagedInRetry = countCalls('PutBlockFromURL');
    const second = await createBatchHandler(deps)(
      sqsEvent([await redeliver(lake, record)]),
      LAMBDA_CONTEXT,
    );

    expect(first.batchItemFailures).toHaveLength(1);
    expect(staged.uncommittedBlocks?.map((block) => block.size)).toEqual([MIB, MIB]);
    expect(second.batchItemFailures).toEqual([]);
    expect(stagedInRetry()).toBe(3);
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(BODY));
  });
});
