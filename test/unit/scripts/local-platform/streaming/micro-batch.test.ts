/**
 * The local streaming job's exactly-once bookkeeping: the write-ahead record in the commit
 * metadata, read back; and a batch's files, which depend on the batch alone.
 */
import {
  announcedBatch,
  batchFiles,
  nameUuid,
  writeAheadMetadata,
  type FetchedRecord,
  type Placement,
} from '../../../../../scripts/local-platform/streaming/micro-batch';

const AT = new Date('2026-03-03T02:00:00.000Z');

const record = (partition: number, offset: number, value: string): FetchedRecord => ({
  partition,
  offset,
  value,
  producedAt: 1_000,
});

describe('the write-ahead record', () => {
  it('announces a batch per partition, read back from the committed offsets', () => {
    const batch = announcedBatch([
      { partition: 0, offset: 10, metadata: writeAheadMetadata(25, AT) },
      { partition: 1, offset: 4, metadata: writeAheadMetadata(9, AT) },
      { partition: 2, offset: 7, metadata: null },
    ]);
    expect(batch?.at).toEqual(AT);
    expect([...batch!.ranges]).toEqual([
      [0, { start: 10, end: 25 }],
      [1, { start: 4, end: 9 }],
    ]);
  });

  it('announces nothing once the ends are committed, or for metadata that is not a record', () => {
    expect(
      announcedBatch([
        { partition: 0, offset: 25, metadata: writeAheadMetadata(25, AT) },
        { partition: 1, offset: 3, metadata: '' },
        { partition: 2, offset: 3, metadata: 'from another tool' },
        { partition: 3, offset: 3, metadata: '{"end":"x","at":"soon"}' },
        { partition: 4, offset: -1, metadata: writeAheadMetadata(5, AT) },
      ]),
    ).toBeUndefined();
  });
});

describe('a batch’s files', () => {
  const batch = {
    ranges: new Map([
      [0, { start: 0, end: 2 }],
      [1, { start: 5, end: 7 }],
    ]),
    at: AT,
  };
  const records = [
    record(1, 6, '{"b":2}'),
    record(0, 0, '{"a":1}'),
    record(1, 5, 'not json'),
    record(0, 1, '{"a":2}'),
  ];
  const placements: Placement[] = [
    { partition: 'year=2026/month=03/day=02/hour=10' },
    { partition: 'year=2026/month=03/day=02/hour=09' },
    { rejected: '{"_corrupt_record":"not json"}' },
    { partition: 'year=2026/month=03/day=02/hour=10' },
  ];

  it('puts each record in its partition’s file in offset order, rejections in the batch day’s folder', () => {
    const files = batchFiles('access-events', 'access_events', batch, records, placements);
    const byFolder = Object.fromEntries(
      files.map((file) => [file.key.slice(0, file.key.lastIndexOf('/')), file.body.toString()]),
    );
    expect(byFolder).toEqual({
      'access_events/year=2026/month=03/day=02/hour=09': '{"a":1}\n',
      'access_events/year=2026/month=03/day=02/hour=10': '{"a":2}\n{"b":2}\n',
      '_rejected/access_events/day=2026-03-03': '{"_corrupt_record":"not json"}\n',
    });
    for (const file of files) expect(file.key).toMatch(/\/part-00000-[0-9a-f-]{36}\.c000\.json$/);
  });

  it('names the same batch’s files the same, whatever order its records arrive in, and another batch’s not', () => {
    const once = batchFiles('access-events', 'access_events', batch, records, placements);
    const again = batchFiles(
      'access-events',
      'access_events',
      batch,
      [...records].reverse(),
      [...placements].reverse(),
    );
    expect(again.map((file) => [file.key, file.body.toString()]).sort()).toEqual(
      once.map((file) => [file.key, file.body.toString()]).sort(),
    );
    const other = batchFiles(
      'access-events',
      'access_events',
      { ...batch, ranges: new Map([...batch.ranges, [2, { start: 0, end: 1 }]]) },
      records,
      placements,
    );
    expect(other.map((file) => file.key)).not.toEqual(expect.arrayContaining([once[0]!.key]));
  });

  it('refuses placements that do not match the records one for one', () => {
    expect(() => batchFiles('t', 'd', batch, records, placements.slice(1))).toThrow(
      /4 records but 3 placements/,
    );
  });
});

it('makes names shaped like RFC 9562 UUIDs (version 8, the custom one), stable for a text', () => {
  expect(nameUuid('a')).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(nameUuid('a')).toBe(nameUuid('a'));
  expect(nameUuid('a')).not.toBe(nameUuid('b'));
});
