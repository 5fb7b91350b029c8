import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { SQSRecord } from 'aws-lambda';
import { tempPathFor } from '../../../../lambdas/s3-to-adls/adls-target';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import type { FaultSpec } from '@hybrid-lake/localcloud';
import {
  LAMBDA_CONTEXT,
  MIB,
  md5Hex,
  patternBytes,
  readMirror,
  receiveRecords,
  redeliver,
  useLake,
  sqsEvent,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const KEY = 'web_logs/year=2026/month=03/day=08/hour=17/part-0001.parquet';
const BODY = patternBytes(0, 5 * MIB);
const BUSY = { code: 'ServerBusy', status: 503 } as const;

/** 5 MiB, copied as five 1 MiB blocks (server-side) or ranges (streaming), one at a time. */
function setup(mode: 'server-side' | 'streaming') {
  return transferDependencies(cloud(), lake(), {
    env: { COPY_MODE: mode, BLOCK_SIZE_MIB: '1', COPY_CONCURRENCY: '1' },
    overrides: { singleRequestMaxBytes: MIB },
  });
}

async function putObject(): Promise<SQSRecord> {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: BODY }));
  const [record] = await receiveRecords(lake());
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
      sqsEvent([await redeliver(lake(), record)]),
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
        tempPathFor(KEY, {
          versionId: record.body.match(/"version-id":"([^"]+)"/)![1]!,
          etag: md5Hex(BODY),
        }),
      );
    const staged = await temp.getBlockList('uncommitted');
    cloud().faults.clear();
    const stagedInRetry = countCalls('PutBlockFromURL');
    const second = await createBatchHandler(deps)(
      sqsEvent([await redeliver(lake(), record)]),
      LAMBDA_CONTEXT,
    );

    expect(first.batchItemFailures).toHaveLength(1);
    expect(staged.uncommittedBlocks?.map((block) => block.size)).toEqual([MIB, MIB]);
    expect(second.batchItemFailures).toEqual([]);
    expect(stagedInRetry()).toBe(3);
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(BODY));
  });
});

/** Azure requests since the last `requests.clear()`, by operation. */
function azureRequests(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(cloud().requests.byOperation())
      .filter(([operation]) => operation.startsWith('azure:'))
      .map(([operation, count]) => [operation.slice('azure:'.length), count]),
  );
}

describe('requests per object', () => {
  it.each([
    [
      'server-side, one Put Blob From URL',
      'server-side',
      { singleRequestMaxBytes: 5000 * MIB },
      { GetBlobProperties: 2, PutBlobFromURL: 1, RenamePath: 1 },
    ],
    [
      'server-side, five blocks',
      'server-side',
      {},
      { GetBlobProperties: 2, PutBlockFromURL: 5, PutBlockList: 1, RenamePath: 1 },
    ],
    [
      'streaming, five appends',
      'streaming',
      {},
      { GetBlobProperties: 1, CreatePath: 1, AppendData: 5, FlushData: 1, RenamePath: 1 },
    ],
  ] as const)(
    '%s: a first delivery makes blocks + 4 ADLS requests at most',
    async (_name, mode, overrides, expected) => {
      const record = await putObject();
      const { deps } = transferDependencies(cloud(), lake(), {
        env: { COPY_MODE: mode, BLOCK_SIZE_MIB: '1', COPY_CONCURRENCY: '1' },
        overrides: { singleRequestMaxBytes: MIB, ...overrides },
      });
      // The partition directory exists, as it does for every object but a partition's first.
      await (
        await deps.azure()
      ).dataLake
        .getFileSystemClient('raw')
        .getDirectoryClient(KEY.slice(0, KEY.lastIndexOf('/')))
        .createIfNotExists();
      cloud().requests.clear();

      const result = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);

      expect(result.batchItemFailures).toEqual([]);
      const requests = azureRequests();
      expect(requests).toEqual(expected);
      const blocks = BODY.length / MIB;
      expect(Object.values(requests).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(
        blocks + 4,
      );
      expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(BODY));
    },
  );
});

describe('a redelivery after a failed rename', () => {
  it.each(['server-side', 'streaming'] as const)(
    '%s: reuses the verified temporary copy instead of copying again',
    async (mode) => {
      const record = await putObject();
      const { deps, observed } = setup(mode);
      failAfter('RenamePath', 0, { error: BUSY });
      const first = await createBatchHandler(deps)(sqsEvent([record]), LAMBDA_CONTEXT);
      cloud().faults.clear();
      cloud().requests.clear();

      const second = await createBatchHandler(deps)(
        sqsEvent([await redeliver(lake(), record)]),
        LAMBDA_CONTEXT,
      );

      expect(first.batchItemFailures).toHaveLength(1);
      expect(second.batchItemFailures).toEqual([]);
      // The final path, then the temporary copy found complete; then only the rename (which,
      // for a partition's first object, creates the partition directory and renames again).
      expect(azureRequests()).toEqual({ GetBlobProperties: 2, RenamePath: 2, CreatePath: 1 });
      expect(
        observed.metrics.filter((metric) => metric.name === 'Copies').map((m) => m.dimension),
      ).toEqual(['reused']);
      expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(BODY));
    },
  );
});
