import { catalogTableFor } from '../../../../infra/platform';
import {
  partitionId,
  partitionOfObject,
  partitionValues,
} from '../../../../lambdas/register-partitions/partition-path';
import { PLATFORM, RAW_BUCKET, RAW_DATABASE } from './registration-fixtures';

const ACCESS_EVENTS = catalogTableFor(PLATFORM, 'raw', 'access_events')!;
const CURATED_BUCKET = 'hybrid-lake-dev-curated-123456789012-eu-west-1';

describe('partitionOfObject', () => {
  it('places an hourly object in its table, with values in key order and the partition location', () => {
    const result = partitionOfObject(
      PLATFORM,
      RAW_BUCKET,
      'access_events/year=2026/month=03/day=08/hour=17/part-0001.parquet',
    );

    expect(result).toEqual({
      action: 'register',
      partition: {
        id: JSON.stringify([RAW_DATABASE, 'access_events', '2026', '03', '08', '17']),
        table: ACCESS_EVENTS,
        values: ['2026', '03', '08', '17'],
        location: `s3://${RAW_BUCKET}/access_events/year=2026/month=03/day=08/hour=17/`,
      },
    });
  });

  it('uses the zone of the bucket: the same key in curated is the curated table', () => {
    const result = partitionOfObject(
      PLATFORM,
      CURATED_BUCKET,
      'transactions/year=2026/month=12/day=31/orders.parquet',
    );

    expect(result.action === 'register' && result.partition.table.database).toBe(
      'hybrid_lake_dev_curated',
    );
    expect(result.action === 'register' && result.partition.location).toBe(
      `s3://${CURATED_BUCKET}/transactions/year=2026/month=12/day=31/`,
    );
  });

  it.each([
    ['part 0001 (copy).parquet', 'spaces'],
    ['part+0001.parquet', 'a plus sign'],
    ['100%.parquet', 'a percent sign'],
    ['été-日本-😀.parquet', 'unicode'],
  ])('accepts any file name, here with %s (%s)', (file) => {
    const result = partitionOfObject(
      PLATFORM,
      RAW_BUCKET,
      `interactions/year=2026/month=03/day=08/hour=00/${file}`,
    );

    expect(result.action === 'register' && result.partition.values).toEqual([
      '2026',
      '03',
      '08',
      '00',
    ]);
  });

  it.each([
    ['access_events/year=2026/month=03/', 'folder-marker'],
    ['access_events/', 'folder-marker'],
    ['web_logs/year=2026/month=03/day=08/hour=17/part.parquet', 'projected-partitions'],
    ['unknown_dataset/year=2026/month=03/day=08/x.parquet', 'unknown-dataset'],
    ['access_events', 'unknown-dataset'],
    ['README.md', 'unknown-dataset'],
  ] as const)('skips %p as %s', (key, reason) => {
    expect(partitionOfObject(PLATFORM, RAW_BUCKET, key)).toMatchObject({ action: 'skip', reason });
  });

  it.each([
    'some-other-bucket',
    'hybrid-lake-prod-raw-123456789012-eu-west-1',
    'hybrid-lake-dev-access-logs-123456789012-eu-west-1',
  ])('skips objects of bucket %p, which is no zone of this environment', (bucket) => {
    expect(
      partitionOfObject(PLATFORM, bucket, 'access_events/year=2026/month=03/day=08/hour=17/p'),
    ).toEqual({ action: 'skip', reason: 'unknown-bucket' });
  });

  it.each([
    [
      'access_events/year=2026/day=08/month=03/hour=17/p.parquet',
      'found "day" where partition key "month" belongs',
    ],
    ['access_events/year=2026/month=03/day=08/p.parquet', 'partition key "hour" is missing'],
    ['access_events/year=2026/month=3/day=08/hour=17/p.parquet', 'month="3" does not match'],
    ['access_events/year=2026/month=13/day=08/hour=17/p.parquet', 'month="13" does not match'],
    ['access_events/year=2026/month=03/day=08/hour=24/p.parquet', 'hour="24" does not match'],
    ['access_events/year=2026 /month=03/day=08/hour=17/p.parquet', 'year="2026 " does not match'],
    ['access_events/year=2026/month=03/day=08/hour=17+/p.parquet', 'hour="17+" does not match'],
    ['access_events/year=2026/month=0%33/day=08/hour=17/p.parquet', 'month="0%33" does not match'],
    [
      'access_events/year=２０２６/month=03/day=08/hour=17/p.parquet',
      'year="２０２６" does not match',
    ],
    [
      'access_events/YEAR=2026/month=03/day=08/hour=17/p.parquet',
      'found "YEAR" where partition key "year"',
    ],
    ['access_events/2026/03/08/17/p.parquet', 'folder "2026" is not key=value'],
    ['access_events//year=2026/month=03/day=08/hour=17/p.parquet', 'folder "" is not key=value'],
    ['access_events/_temporary/0/p.parquet', 'folder "_temporary" is not key=value'],
    [
      'access_events/year=2026/month=03/day=08/hour=17/minute=05/p.parquet',
      '"minute=05" is nested below',
    ],
    ['access_events/year=2026/month=03/day=08/hour=17', 'partition key "hour" is missing'],
  ])('skips the invalid partition path %p, saying why', (key, problem) => {
    const result = partitionOfObject(PLATFORM, RAW_BUCKET, key);

    expect(result).toMatchObject({ action: 'skip', reason: 'invalid-partition-path' });
    expect(result.action === 'skip' && result.detail).toContain(problem);
  });

  it('validates daily datasets against their own three keys', () => {
    expect(
      partitionOfObject(PLATFORM, RAW_BUCKET, 'customers/year=2026/month=03/day=08/c.json'),
    ).toMatchObject({ action: 'register', partition: { values: ['2026', '03', '08'] } });
    expect(
      partitionOfObject(PLATFORM, RAW_BUCKET, 'customers/year=2026/month=03/day=08/hour=17/c.json'),
    ).toMatchObject({ action: 'skip', reason: 'invalid-partition-path' });
  });
});

describe('partitionValues', () => {
  it('anchors each key pattern, so a value merely containing a match is refused', () => {
    const dataset = {
      ...ACCESS_EVENTS.dataset,
      partitionKeys: [{ ...ACCESS_EVENTS.dataset.partitionKeys[0]!, pattern: '\\d{4}' }],
    };

    expect(partitionValues(dataset, ['year=2026', 'f'])).toEqual({ values: ['2026'] });
    expect(partitionValues(dataset, ['year=20267', 'f'])).toHaveProperty('problem');
  });
});

describe('partitionId', () => {
  it('cannot collide when values contain separators', () => {
    const table = { database: 'db', table: 't' };
    expect(partitionId(table, ['a/b', 'c'])).not.toBe(partitionId(table, ['a', 'b/c']));
    expect(partitionId(table, ['a.b'])).not.toBe(
      partitionId({ database: 'db', table: 't.a' }, ['b']),
    );
  });
});
