import { InvalidKafkaEventError } from '../../../../lambdas/traffic-monitor/errors';
import {
  tallyBatch,
  type MonitoredTopic,
  type Slice,
} from '../../../../lambdas/traffic-monitor/minute-tally';
import {
  MAX_CLIENTS_PER_WINDOW,
  MAX_VALUES_PER_BREAKDOWN,
  addWindows,
  countSlice,
} from '../../../../lambdas/traffic-monitor/window-counts';
import { mskEvent } from '../../../fixtures/msk-events';

const NOW = Date.UTC(2026, 11, 6);
const topics: MonitoredTopic[] = [
  {
    name: 'web-logs',
    role: 'requests',
    eventTimeColumn: 'request_time',
    recordIdColumn: 'request_id',
  },
];

function requests(clients: readonly string[], partition = 0, firstOffset = 0): Slice {
  return {
    minute: 0,
    topic: 'web-logs',
    role: 'requests',
    entries: clients.map((client, index) => ({
      partition,
      offset: firstOffset + index,
      id: undefined,
      client,
    })),
  };
}

describe('window counts', () => {
  it('folds the least busy clients past the cap, keeping requests exact', () => {
    const clients = Array.from(
      { length: MAX_CLIENTS_PER_WINDOW + 500 },
      (_, i) => `10.1.${i >> 8}.${i & 255}`,
    );
    const busy = Array.from({ length: 50 }, () => '2001:db8::b07');
    const window = countSlice(undefined, requests([...clients, ...busy]))!;
    expect(Object.keys(window.counts.clients)).toHaveLength(MAX_CLIENTS_PER_WINDOW);
    expect(window.counts.foldedClients).toBe(501);
    const totals = addWindows([window.counts]);
    expect(totals.requests).toBe(clients.length + busy.length);
    expect(totals.distinctClients).toBe(clients.length + 1);
    expect(totals.clientsEstimated).toBe(true);
    expect(totals.topClients[0]).toEqual({ client: '2001:db8::b07', requests: 50 });
    // The window stays well under DynamoDB's 400 KB item limit.
    expect(JSON.stringify(window).length).toBeLessThan(300_000);
  });

  it('counts per partition past each partition offset', () => {
    const first = countSlice(undefined, requests(['a', 'b'], 0))!;
    const other = countSlice(first, requests(['c'], 1))!;
    expect(other.offsets).toEqual({ 0: 1, 1: 0 });
    expect(countSlice(other, requests(['a', 'b'], 0))).toBeUndefined();
    expect(countSlice(other, requests(['a', 'b', 'd'], 0))!.counts.requests).toBe(4);
  });
});

describe('values from producers', () => {
  const accesses = (values: readonly string[]): Slice => ({
    minute: 0,
    topic: 'access-events',
    role: 'audience',
    entries: values.map((value, index) => ({
      partition: 0,
      offset: index,
      id: undefined,
      device: value,
      contentType: value,
      country: value,
    })),
  });

  it('counts names of Object properties like any other value', () => {
    const window = countSlice(
      undefined,
      accesses(['constructor', '__proto__', 'toString', '__proto__']),
    )!;
    const totals = addWindows([window.counts]);
    expect(Object.entries(totals.devices).sort()).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
      ['toString', 1],
    ]);
  });

  it('keeps a window well under the item limit whatever the producers send', () => {
    const junk = Array.from({ length: 5_000 }, (_, i) => `${i}-${'x'.repeat(500)}`);
    const window = countSlice(undefined, accesses(junk))!;
    expect(Object.keys(window.counts.devices)).toHaveLength(MAX_VALUES_PER_BREAKDOWN);
    expect(window.counts.devices.other).toBe(5_000 - (MAX_VALUES_PER_BREAKDOWN - 1));
    const clients = Array.from({ length: 5_000 }, (_, i) => `${i}-${'c'.repeat(300)}`);
    const requests = countSlice(undefined, {
      minute: 0,
      topic: 'web-logs',
      role: 'requests',
      entries: clients.map((client, index) => ({
        partition: 0,
        offset: index,
        id: `${index}`.padStart(12, '0'),
        client,
      })),
    })!;
    // JSON as stored: counts, offsets and ids together.
    expect(JSON.stringify(requests).length).toBeLessThan(300_000);
    expect(JSON.stringify(window).length).toBeLessThan(300_000);
  });
});

describe('records sent twice', () => {
  it('counts a record id once per window, across batches and partitions', () => {
    const slice = (entries: { partition: number; offset: number; id: string }[]): Slice => ({
      minute: 0,
      topic: 'web-logs',
      role: 'requests',
      entries: entries.map((entry) => ({ ...entry, client: '10.0.0.1' })),
    });
    const first = countSlice(
      undefined,
      slice([
        { partition: 0, offset: 0, id: 'a' },
        { partition: 0, offset: 1, id: 'b' },
      ]),
    )!;
    // The same requests again from a retrying shipper: new offsets, same ids.
    const again = countSlice(
      first,
      slice([
        { partition: 3, offset: 7, id: 'a' },
        { partition: 0, offset: 2, id: 'c' },
      ]),
    )!;
    expect(again.counts.requests).toBe(3);
    expect(again.counts.duplicates).toBe(1);
  });
});

describe('reading the MSK event', () => {
  it('reads a web log wrapped as its text line, as the streaming job does', () => {
    const tally = tallyBatch(
      mskEvent([
        {
          topic: 'web-logs',
          partition: 0,
          offset: 0,
          value: {
            raw_line:
              '2001:db8::b07 - - [02/Mar/2026:03:12:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
          },
        },
        { topic: 'web-logs', partition: 0, offset: 1, value: { raw_line: 'no time here' } },
      ]),
      topics,
      NOW,
    );
    expect(tally.slices).toEqual([
      {
        minute: Date.UTC(2026, 2, 2, 3, 12),
        topic: 'web-logs',
        role: 'requests',
        entries: [{ partition: 0, offset: 0, id: expect.any(String), client: '2001:db8::b07' }],
      },
    ]);
    expect(tally.malformed).toEqual([
      { topic: 'web-logs', partition: 0, offset: 1, reason: 'no readable time in raw_line' },
    ]);
  });

  it('refuses what is not an MSK event of the monitored topics, naming the problem', () => {
    expect(() => tallyBatch({ Records: [] }, topics, NOW)).toThrow(
      /eventSource must be "aws:kafka"/,
    );
    const other = mskEvent([{ topic: 'purchases', partition: 0, offset: 0, value: {} }]);
    expect(() => tallyBatch(other, topics, NOW)).toThrow(InvalidKafkaEventError);
    expect(() => tallyBatch(other, topics, NOW)).toThrow(/topic "purchases" is not monitored/);
    const unordered = mskEvent([
      { topic: 'web-logs', partition: 0, offset: 5, value: {} },
      { topic: 'web-logs', partition: 0, offset: 4, value: {} },
    ]);
    expect(() => tallyBatch(unordered, topics, NOW)).toThrow(/not in offset order/);
  });
});
