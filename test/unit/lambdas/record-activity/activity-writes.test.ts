import type { ActivityItem } from '../../../../infra/aws/facts/recommendations';
import {
  MAX_BATCH_WRITE_ITEMS,
  uniqueByKey,
  writeActivity,
  type UnprocessedRetry,
  type WriteSettings,
} from '../../../../lambdas/record-activity/activity-writes';
import { backoffDelay, chunk } from '../../../../lambdas/shared/backoff';
import { ActivityNotWrittenError } from '../../../../lambdas/record-activity/errors';
import { fakeTable } from './activity-fixtures';

function item(
  customer: string,
  index: number,
  overrides: Partial<ActivityItem> = {},
): ActivityItem {
  const at = new Date(Date.UTC(2026, 11, 6, 10, 0, index)).toISOString();
  return {
    customer_id: customer,
    activity_key: `${at}#r${index}`,
    product_id: `p${index}`,
    kind: 'view',
    at,
    expires_at: 1_800_000_000,
    ...overrides,
  };
}

function settings(overrides: Partial<UnprocessedRetry> = {}): WriteSettings & {
  waits: number[];
} {
  const waits: number[] = [];
  return {
    waits,
    concurrency: 3,
    retry: {
      maxAttempts: 4,
      baseDelayMs: 50,
      maxDelayMs: 2_000,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.999,
      ...overrides,
    },
  };
}

describe('writing activity', () => {
  it('writes each key once, in calls of at most 25', async () => {
    const items = Array.from({ length: 60 }, (_, index) => item(`c${index % 7}`, index));
    const table = fakeTable();

    const written = await writeActivity(items, table.put, settings());

    expect(written).toBe(60);
    expect(table.calls.map((call) => call.length).sort((a, b) => b - a)).toEqual([25, 25, 10]);
    expect(table.stored.size).toBe(60);
  });

  it('sends a key named twice in the batch once, as its last version', async () => {
    const first = item('c1', 1, { kind: 'view' });
    const again = item('c1', 1, { kind: 'add_to_cart' });
    const items = [
      first,
      ...Array.from({ length: 30 }, (_, index) => item('c2', index + 10)),
      again,
    ];
    const table = fakeTable();

    const written = await writeActivity(items, table.put, settings());

    expect(written).toBe(31);
    expect(table.calls.flat().filter((sent) => sent.customer_id === 'c1')).toEqual([again]);
    expect(uniqueByKey([first, again])).toEqual([again]);
  });

  it('does not take the same time for another customer, or another record, for a duplicate', () => {
    const items = [item('c1', 1), item('c2', 1), item('c1', 1, { activity_key: 'other' })];

    expect(uniqueByKey(items)).toHaveLength(3);
  });

  it('sends what DynamoDB left unprocessed again, after a jittered, growing wait', async () => {
    const items = Array.from({ length: 10 }, (_, index) => item('c1', index));
    const table = fakeTable([6, 2]);
    const write = settings();

    const written = await writeActivity(items, table.put, write);

    expect(written).toBe(10);
    expect(table.calls.map((call) => call.length)).toEqual([10, 6, 2]);
    expect(table.stored.size).toBe(10);
    expect(write.waits).toEqual([49, 99]);
  });

  it('fails the batch when items are still unprocessed after the last attempt', async () => {
    const table = fakeTable([1, 1, 1, 1]);

    const writing = writeActivity([item('c1', 1), item('c1', 2)], table.put, settings());

    await expect(writing).rejects.toThrow(ActivityNotWrittenError);
    await expect(writing).rejects.toThrow('left 1 of 2 item(s) unprocessed after 4 attempts');
    expect(table.calls).toHaveLength(4);
  });

  it('passes on a failed call as it is, and starts no further chunk', async () => {
    const throttled = Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ProvisionedThroughputExceededException',
    });
    let calls = 0;
    const put = () => {
      calls += 1;
      return Promise.reject(throttled);
    };
    const items = Array.from({ length: 200 }, (_, index) => item('c1', index));

    await expect(writeActivity(items, put, settings())).rejects.toBe(throttled);
    expect(calls).toBe(3);
  });

  it('writes nothing, and calls nothing, for a batch without activity', async () => {
    const table = fakeTable();

    await expect(writeActivity([], table.put, settings())).resolves.toBe(0);
    expect(table.calls).toEqual([]);
  });

  it('keeps no more calls in flight than its concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const put = async (items: readonly ActivityItem[]) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return items.slice(0, 0);
    };
    const items = Array.from({ length: 250 }, (_, index) => item('c1', index));

    await writeActivity(items, put, settings());

    expect(most).toBe(3);
  });
});

describe('the helpers', () => {
  it('cuts in order, the last chunk short', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(MAX_BATCH_WRITE_ITEMS).toBe(25);
  });

  it('bounds each wait by the doubling base and the cap', () => {
    const policy = settings().retry;
    expect([0, 1, 2, 5, 10].map((retry) => backoffDelay(retry, policy))).toEqual([
      49, 99, 199, 1_598, 1_998,
    ]);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
  });
});
