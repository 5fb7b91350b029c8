import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { createBatchHandler, createRecordHandler } from '../../../../lambdas/s3-to-adls/batch';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  tempPaths,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const KEY = 'transactions/year=2026/month=03/day=08/part-0001.json';

async function put(body: string): Promise<string> {
  const { VersionId } = await lake().s3.send(
    new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: body }),
  );
  return VersionId!;
}

describe.each(['server-side', 'streaming'] as const)('%s: duplicates and order', (mode) => {
  const env = { COPY_MODE: mode };

  it('drops a redelivered event and an older event as counted no-ops', async () => {
    await put('first');
    const v2 = await put('second');
    const [first, second] = await receiveRecords(lake());
    const { deps, observed } = transferDependencies(cloud(), lake(), { env });
    const handle = createRecordHandler(deps);

    const outcomes = [
      await handle(second!), // the newer event arrives first
      await handle(first!), // the older one after it
      await handle(second!), // and the newer one again (at-least-once delivery)
    ];

    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['copied', 'older', 'duplicate']);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      md5: md5Hex(Buffer.from('second')),
      metadata: expect.objectContaining({ source_version_id: v2 }),
    });
    expect(observed.sum('Duplicates')).toBe(2);
    expect(observed.sum('BytesCopied')).toBe('second'.length);
  });

  it('copies the version named by the event even when the key is overwritten during the copy', async () => {
    const v1 = await put('version one');
    const [event1] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake(), { env });
    // Stall the step that reads the source, and overwrite the key meanwhile.
    cloud().faults.inject(
      mode === 'server-side'
        ? { service: 'azure', operation: 'PutBlobFromURL', delayMs: 300 }
        : { service: 's3', operation: 'GetObject', delayMs: 300 },
    );

    let overwritten = false;
    const [{ outcome, overwrittenFirst }] = await Promise.all([
      createRecordHandler(deps)(event1!).then((result) => ({
        outcome: result,
        overwrittenFirst: overwritten,
      })),
      new Promise((resolve) => setTimeout(resolve, 100))
        .then(() => put('version two!'))
        .then(() => {
          overwritten = true;
        }),
    ]);
    const afterFirst = await readMirror(cloud(), 'raw', KEY);
    const [event2] = await receiveRecords(lake());
    await createRecordHandler(deps)(event2!);
    const afterSecond = await readMirror(cloud(), 'raw', KEY);

    expect(cloud().faults.triggered).toHaveLength(1);
    expect(overwrittenFirst).toBe(true);
    expect(outcome).toEqual({ outcome: 'copied', mode, bytes: 'version one'.length });
    expect(afterFirst).toMatchObject({
      md5: md5Hex(Buffer.from('version one')),
      metadata: expect.objectContaining({ source_version_id: v1 }),
    });
    expect(afterSecond?.md5).toBe(md5Hex(Buffer.from('version two!')));
  });
});

describe('delete mirroring', () => {
  async function putThenDelete(): Promise<{ created: SQSRecord; deleted: SQSRecord }> {
    await put('to be deleted');
    await lake().s3.send(new DeleteObjectCommand({ Bucket: lake().raw, Key: KEY }));
    const [created, deleted] = await receiveRecords(lake());
    return { created: created!, deleted: deleted! };
  }

  it('is off by default: the mirror keeps the file', async () => {
    const { created, deleted } = await putThenDelete();
    const { deps, observed } = transferDependencies(cloud(), lake());

    const result = await createBatchHandler(deps)(sqsEvent([created, deleted]), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toBeDefined();
    expect(observed.sum('Skipped')).toBe(1);
  });

  it('when on, deletes a file holding an older version, and ignores a replayed older delete', async () => {
    // The copy is made while the object exists: a created event handled after the delete finds
    // the key gone and copies nothing (convergence.test.ts).
    await put('to be deleted');
    const [created] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake(), { env: { MIRROR_DELETES: 'true' } });
    const handle = createRecordHandler(deps);
    await handle(created!);
    await lake().s3.send(new DeleteObjectCommand({ Bucket: lake().raw, Key: KEY }));
    const [deleted] = await receiveRecords(lake());

    const outcome = await handle(deleted!);
    const afterDelete = await readMirror(cloud(), 'raw', KEY);
    await put('recreated');
    const [recreated] = await receiveRecords(lake());
    await handle(recreated!);
    const replayedDelete = await handle(deleted!);

    expect(outcome).toEqual({ outcome: 'deleted' });
    expect(afterDelete).toBeUndefined();
    expect(replayedDelete).toEqual({ outcome: 'delete-ignored', reason: 'newer-copy' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('recreated')));
  });
});

describe('fallback to streaming', () => {
  it('streams through the function when Azure cannot reach the presigned URL', async () => {
    await put('needs the fallback');
    const [record] = await receiveRecords(lake());
    const { deps, observed } = transferDependencies(cloud(), lake(), {
      // A URL Azure cannot connect to, as when S3 is only reachable through a VPC endpoint.
      overrides: {
        presign: () => Promise.resolve('http://127.0.0.1:9/unreachable?X-Amz-Signature=secret'),
      },
    });

    const outcome = await createRecordHandler(deps)(record!);

    expect(outcome).toEqual({ outcome: 'copied', mode: 'streaming', bytes: 18 });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(
      md5Hex(Buffer.from('needs the fallback')),
    );
    expect(observed.sum('BytesThroughFunction')).toBe(18);
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
    const warning = observed.logs.find((log) => log.level === 'warn');
    expect(JSON.stringify(warning)).toContain('?<redacted>');
    expect(JSON.stringify(observed.logs)).not.toContain('X-Amz-Signature=secret');
  });
});
