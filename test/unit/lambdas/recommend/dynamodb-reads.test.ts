import { RECOMMEND_DEFAULTS } from '../../../../infra/aws/facts/recommend';
import { MODEL_KEYS } from '../../../../infra/aws/facts/recommendations';
import {
  batchGetModelItems,
  queryRecentActivity,
  type ModelKey,
} from '../../../../lambdas/recommend/dynamodb-reads';
import { ModelReadError } from '../../../../lambdas/recommend/errors';
import {
  AS_OF_DATE,
  activity,
  fakeReads,
  hoursAgo,
  related,
} from '../../../fixtures/recommendation-items';

// The supremum of the jitter: each wait is its bound, as in the fixed backoff the reads had before.
const RETRY = { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200, random: () => 1 };
const keysOf = (count: number): ModelKey[] =>
  Array.from({ length: count }, (_, index) => ({
    pk: MODEL_KEYS.product(`P${index}`),
    sk: AS_OF_DATE,
  }));

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
}

describe('batchGetModelItems', () => {
  const model = Array.from({ length: 150 }, (_, index) => related(`P${index}`, [['X', 0.1]]));

  it('asks again for the keys DynamoDB left unprocessed, backing off, until it has them all', async () => {
    const fake = fakeReads({ activity: [], model });
    fake.unprocessed.push(7, 2);
    const { waits, sleep } = recordingSleep();

    const items = await batchGetModelItems(fake.reads, 'model', keysOf(20), { ...RETRY, sleep });

    expect(items).toHaveLength(20);
    expect(fake.calls.batchGet.map((call) => call.RequestItems!.model!.Keys!.length)).toEqual([
      20, 7, 2,
    ]);
    expect(waits).toEqual([50, 100]);
  });

  it('fails with a ModelReadError once the retries are spent', async () => {
    const fake = fakeReads({ activity: [], model });
    fake.unprocessed.push(1, 1, 1, 1);
    const { waits, sleep } = recordingSleep();

    await expect(
      batchGetModelItems(fake.reads, 'model', keysOf(5), { ...RETRY, sleep }),
    ).rejects.toThrow(
      new ModelReadError(
        'DynamoDB left 1 key(s) of the recommendation model unprocessed after 3 retries',
      ),
    );
    expect(waits).toEqual([50, 100, 200]);
  });

  it('draws each wait at random below its bound (full jitter)', async () => {
    const fake = fakeReads({ activity: [], model });
    fake.unprocessed.push(3, 2, 1);
    const { waits, sleep } = recordingSleep();
    const draws = [0.5, 0.1, 0];

    const items = await batchGetModelItems(fake.reads, 'model', keysOf(5), {
      ...RETRY,
      sleep,
      random: () => draws.shift()!,
    });

    expect(items).toHaveLength(5);
    // Below 50, 100 and 200 ms: a half, a tenth and none of each.
    expect(waits).toEqual([25, 10, 0]);
  });

  it('keeps the default policy’s waits within 350 ms, as the request is waiting on them', async () => {
    const fake = fakeReads({ activity: [], model });
    fake.unprocessed.push(1, 1, 1, 1);
    const { waits, sleep } = recordingSleep();

    await expect(
      batchGetModelItems(fake.reads, 'model', keysOf(2), {
        ...RECOMMEND_DEFAULTS.unprocessedKeysRetry,
        sleep,
        random: () => 1,
      }),
    ).rejects.toThrow(ModelReadError);

    expect(fake.calls.batchGet).toHaveLength(4);
    expect(waits.reduce((total, wait) => total + wait, 0)).toBe(350);
  });

  it('asks at most 100 keys a call, each key once', async () => {
    const fake = fakeReads({ activity: [], model });
    const keys = [...keysOf(150), ...keysOf(10)];

    const items = await batchGetModelItems(fake.reads, 'model', keys, {
      ...RETRY,
      sleep: () => Promise.resolve(),
    });

    expect(items).toHaveLength(150);
    expect(fake.calls.batchGet.map((call) => call.RequestItems!.model!.Keys!.length)).toEqual([
      100, 50,
    ]);
  });

  it('turns a DynamoDB failure into a ModelReadError with its cause', async () => {
    const fake = fakeReads({ activity: [], model });
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    fake.failWith = throttled;

    const failure = await batchGetModelItems(fake.reads, 'model', keysOf(1), {
      ...RETRY,
      sleep: () => Promise.resolve(),
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ModelReadError);
    expect((failure as ModelReadError).cause).toBe(throttled);
  });
});

describe('queryRecentActivity', () => {
  it('asks for the newest items within the window, newest first, up to the limit', async () => {
    const items = [
      activity('C1', 'P1', 'view', hoursAgo(1)),
      activity('C1', 'P2', 'view', hoursAgo(2)),
      activity('C1', 'P3', 'view', hoursAgo(3)),
      activity('C1', 'OLD', 'view', hoursAgo(24 * 40)),
      activity('C2', 'P4', 'view', hoursAgo(1)),
    ];
    const fake = fakeReads({ activity: items, model: [] });

    const found = await queryRecentActivity(fake.reads, 'activity', {
      userId: 'C1',
      since: hoursAgo(24 * 30),
      limit: 2,
    });

    expect(found.map((item) => item.product_id)).toEqual(['P1', 'P2']);
    expect(fake.calls.query[0]).toMatchObject({
      KeyConditionExpression: '#customer = :customer AND #key > :since',
      ExpressionAttributeNames: { '#customer': 'customer_id', '#key': 'activity_key' },
      ScanIndexForward: false,
      Limit: 2,
    });
  });
});
