/**
 * The mirror converges to S3's current state whatever the order of the events, whatever their
 * sequencers say (constant, as LocalStack sends them, or forged), and however a delete and a
 * copy of one key interleave.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { createRecordHandler } from '../../../../lambdas/s3-to-adls/batch';
import { s3Presigner } from '../../../../lambdas/s3-to-adls/source';
import {
  md5Hex,
  readMirror,
  receiveRecords,
  useLake,
  tempPaths,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const KEY = 'transactions/year=2026/month=03/day=09/part-0001.json';
const MIRROR_DELETES = { env: { MIRROR_DELETES: 'true' } };

async function put(body: string, key = KEY): Promise<void> {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: key, Body: body }));
}

async function remove(key = KEY): Promise<void> {
  await lake().s3.send(new DeleteObjectCommand({ Bucket: lake().raw, Key: key }));
}

/** The record with its event's sequencer replaced. */
function withSequencer(record: SQSRecord, sequencer: string): SQSRecord {
  const event = JSON.parse(record.body) as { detail: { object: Record<string, unknown> } };
  event.detail.object.sequencer = sequencer;
  return { ...record, body: JSON.stringify(event) };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

describe('with deletes mirrored, the mirror ends as S3 is, in any event order', () => {
  it('a delete handled before its created event leaves nothing behind', async () => {
    await put('deleted before it was mirrored');
    await remove();
    const [created, deleted] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake(), MIRROR_DELETES);
    const handle = createRecordHandler(deps);

    const outcomes = [await handle(deleted!), await handle(created!)];

    expect(outcomes).toEqual([
      { outcome: 'delete-ignored', reason: 'absent' },
      { outcome: 'source-gone' },
    ]);
    expect(await readMirror(cloud(), 'raw', KEY)).toBeUndefined();
  });

  it.each([
    ['put, delete, put again', ['put:one', 'delete', 'put:two'], 'two'],
    ['put, overwrite, delete', ['put:one', 'put:two', 'delete'], undefined],
  ] as const)('%s: every order of the three events', async (_name, operations, expected) => {
    const orders = permutations([0, 1, 2]);
    const keys = orders.map((_, index) => KEY.replace('part-0001', `part-${index}`));
    for (const key of keys) {
      for (const operation of operations) {
        if (operation === 'delete') await remove(key);
        else await put(operation.slice('put:'.length), key);
      }
    }
    const records = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake(), MIRROR_DELETES);
    const handle = createRecordHandler(deps);

    for (const [index, order] of orders.entries()) {
      const events = records.filter((record) => record.body.includes(`part-${index}.json`));
      for (const position of order) await handle(events[position]!);
    }

    for (const key of keys) {
      const mirror = await readMirror(cloud(), 'raw', key);
      expect(mirror?.md5).toBe(expected && md5Hex(Buffer.from(expected)));
    }
  });

  it('a delete handled while the copy of the deleted version runs still wins', async () => {
    await put('copied while deleted');
    const [created] = await receiveRecords(lake());
    const quiet = transferDependencies(cloud(), lake(), MIRROR_DELETES);
    let deleteOutcome: unknown;
    // After the transfer decided to copy and before it publishes, the key is deleted and the
    // delete event handled: it finds nothing to delete.
    const { deps } = transferDependencies(cloud(), lake(), {
      ...MIRROR_DELETES,
      overrides: {
        presign: async (source, expiresIn) => {
          await remove();
          const [deleted] = await receiveRecords(lake());
          deleteOutcome = await createRecordHandler(quiet.deps)(deleted!);
          return s3Presigner(lake().s3)(source, expiresIn);
        },
      },
    });

    const outcome = await createRecordHandler(deps)(created!);

    expect(deleteOutcome).toEqual({ outcome: 'delete-ignored', reason: 'absent' });
    expect(outcome).toEqual({ outcome: 'deleted' });
    expect(await readMirror(cloud(), 'raw', KEY)).toBeUndefined();
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
  });
});

describe('sequencers do not decide against S3', () => {
  const CONSTANT = '0055AED6DCD90281E5';

  it('a sequencer that does not increase: the newer version is mirrored', async () => {
    await put('first');
    await put('second');
    const [first, second] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake());
    const handle = createRecordHandler(deps);

    await handle(withSequencer(first!, CONSTANT));
    const outcome = await handle(withSequencer(second!, CONSTANT));

    expect(outcome).toMatchObject({ outcome: 'copied' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('second')));
  });

  it('a sequencer that does not increase: a mirrored delete still deletes', async () => {
    await put('to be deleted');
    const [created] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake(), MIRROR_DELETES);
    const handle = createRecordHandler(deps);
    await handle(withSequencer(created!, CONSTANT));

    await remove();
    const [deleted] = await receiveRecords(lake());
    const outcome = await handle(withSequencer(deleted!, CONSTANT));

    expect(outcome).toEqual({ outcome: 'deleted' });
    expect(await readMirror(cloud(), 'raw', KEY)).toBeUndefined();
  });

  it('a forged event with the highest sequencer does not lock the key', async () => {
    await put('genuine one');
    const [genuine] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake());
    const handle = createRecordHandler(deps);
    await handle(withSequencer(genuine!, 'F'.repeat(40)));

    await put('genuine two');
    const [next] = await receiveRecords(lake());
    const outcome = await handle(next!);

    expect(outcome).toMatchObject({ outcome: 'copied' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('genuine two')));
  });
});

describe('with deletes not mirrored, a deleted key keeps its last version, in S3’s order', () => {
  it('a sequencer that does not increase cannot bring back an older version', async () => {
    await put('first');
    await put('second');
    await remove();
    const [first, second] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake());
    const handle = createRecordHandler(deps);

    await handle(withSequencer(second!, '00AA'));
    const outcome = await handle(withSequencer(first!, '00AA'));

    expect(outcome).toEqual({ outcome: 'older' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('second')));
  });

  it('a forged highest sequencer does not lock a key that S3 has since deleted', async () => {
    await put('genuine one');
    const [genuine] = await receiveRecords(lake());
    const { deps } = transferDependencies(cloud(), lake());
    const handle = createRecordHandler(deps);
    await handle(withSequencer(genuine!, 'F'.repeat(40)));
    await put('genuine two');
    await remove();
    const [next] = await receiveRecords(lake());

    const outcome = await handle(next!);

    expect(outcome).toMatchObject({ outcome: 'copied' });
    expect((await readMirror(cloud(), 'raw', KEY))?.md5).toBe(md5Hex(Buffer.from('genuine two')));
  });
});
