import { catalogTableFor } from '../../../../infra/platform';
import { bucketName } from '../../../../infra/platform';
import {
  ForeignBucketError,
  InvalidPartitionValueError,
} from '../../../../lambdas/register-partitions/errors';
import {
  partitionId,
  partitionOfObject,
  partitionsOfReadings,
  partitionValues,
} from '../../../../lambdas/register-partitions/partition-path';
import { LAKE, PLATFORM, RAW_BUCKET, RAW_DATABASE } from './registration-fixtures';

const ACCESS_EVENTS = catalogTableFor(PLATFORM, 'raw', 'access_events')!;
const CURATED_BUCKET = 'hybrid-lake-dev-curated-123456789012-eu-west-1';

describe('partitionOfObject', () => {
  it('places an hourly object in its table, with values in key order and the partition location', () => {
    const result = partitionOfObject(
      PLATFORM,
      LAKE,
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

  it('uses the zone of the bucket: a source dataset has no curated table, an aggregate has', () => {
    const source = partitionOfObject(
      PLATFORM,
      LAKE,
      CURATED_BUCKET,
      'transactions/year=2026/month=12/day=31/orders.parquet',
    );
    const result = partitionOfObject(
      PLATFORM,
      LAKE,
      CURATED_BUCKET,
      'sales_by_product/year=2026/month=12/day=31/part-0.parquet',
    );

    expect(source).toEqual({ action: 'skip', reason: 'unknown-dataset' });
    expect(result.action === 'register' && result.partition.table.database).toBe(
      'hybrid_lake_dev_curated',
    );
    expect(result.action === 'register' && result.partition.location).toBe(
      `s3://${CURATED_BUCKET}/sales_by_product/year=2026/month=12/day=31/`,
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
      LAKE,
      RAW_BUCKET,
      `access_events/year=2026/month=03/day=08/hour=00/${file}`,
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
    ['customer_rfm/_SUCCESS', 'hidden-file'],
    ['access_events/_temporary/0/p.parquet', 'hidden-file'],
    ['customer_rfm/.spark-staging-5e1/year=2026/month=03/day=08/part-0.parquet', 'hidden-file'],
    ['web_logs/year=2026/month=03/day=08/hour=17/part.parquet', 'projected-partitions'],
    ['unknown_dataset/year=2026/month=03/day=08/x.parquet', 'unknown-dataset'],
    ['access_events', 'unknown-dataset'],
    ['README.md', 'unknown-dataset'],
  ] as const)('skips %p as %s', (key, reason) => {
    expect(partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, key)).toMatchObject({
      action: 'skip',
      reason,
    });
  });

  it.each([
    ['any other bucket', 'some-other-bucket'],
    ['another environment', 'hybrid-lake-prod-raw-123456789012-eu-west-1'],
    ['the access-log bucket', 'hybrid-lake-dev-access-logs-123456789012-eu-west-1'],
    [
      'the raw bucket name of another account',
      bucketName(PLATFORM, 'raw', '210987654321', 'eu-west-1'),
    ],
    [
      'the raw bucket name of another region',
      bucketName(PLATFORM, 'raw', '123456789012', 'us-east-1'),
    ],
  ])('refuses objects of %s: no partition may point at it', (_case, bucket) => {
    for (const key of ['access_events/year=2026/month=03/day=08/hour=17/p', 'access_events/'])
      expect(() => partitionOfObject(PLATFORM, LAKE, bucket, key)).toThrow(ForeignBucketError);
  });

  it.each([
    [
      'access_events/year=2026/day=08/month=03/hour=17/p.parquet',
      'found "day" where partition key "month" belongs',
    ],
    ['access_events/year=2026/month=03/day=08/p.parquet', 'partition key "hour" is missing'],
    [
      'access_events/YEAR=2026/month=03/day=08/hour=17/p.parquet',
      'found "YEAR" where partition key "year"',
    ],
    ['access_events/2026/03/08/17/p.parquet', 'folder "2026" is not key=value'],
    ['access_events//year=2026/month=03/day=08/hour=17/p.parquet', 'folder "" is not key=value'],
    [
      'access_events/year=2026/month=03/day=08/hour=17/minute=05/p.parquet',
      '"minute=05" is nested below',
    ],
    ['access_events/year=2026/month=03/day=08/hour=17', 'partition key "hour" is missing'],
  ])('skips %p, which is no partition path, saying why', (key, problem) => {
    const result = partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, key);

    expect(result).toMatchObject({ action: 'skip', reason: 'invalid-partition-path' });
    expect(result.action === 'skip' && result.detail).toContain(problem);
  });

  it.each([
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
      'access_events/year=2026/month=02/day=31/hour=17/p.parquet',
      'day=31 does not exist in 2026-02 (28 days)',
    ],
    [
      'access_events/year=2026/month=04/day=31/hour=17/p.parquet',
      'day=31 does not exist in 2026-04 (30 days)',
    ],
    [
      'access_events/year=2026/month=02/day=29/hour=00/p.parquet',
      'day=29 does not exist in 2026-02',
    ],
    ['customers/year=1900/month=02/day=29/c.json', 'day=29 does not exist in 1900-02'],
  ])('fails the impossible partition %p: never registered, never skipped', (key, problem) => {
    expect(() => partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, key)).toThrow(
      InvalidPartitionValueError,
    );
    expect(() => partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, key)).toThrow(`${key}: ${problem}`);
  });

  it.each([
    'access_events/year=2028/month=02/day=29/hour=23/p.parquet',
    'customers/year=2000/month=02/day=29/c.json',
    'access_events/year=2026/month=12/day=31/hour=00/p.parquet',
  ])('registers the real date %p, leap days included', (key) => {
    expect(partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, key)).toMatchObject({
      action: 'register',
    });
  });

  it('validates daily datasets against their own three keys', () => {
    expect(
      partitionOfObject(PLATFORM, LAKE, RAW_BUCKET, 'customers/year=2026/month=03/day=08/c.json'),
    ).toMatchObject({ action: 'register', partition: { values: ['2026', '03', '08'] } });
    expect(
      partitionOfObject(
        PLATFORM,
        LAKE,
        RAW_BUCKET,
        'customers/year=2026/month=03/day=08/hour=17/c.json',
      ),
    ).toMatchObject({ action: 'skip', reason: 'invalid-partition-path' });
  });
});

describe('partitionsOfReadings', () => {
  const HOUR = 'access_events/year=2026/month=03/day=08/hour=17';

  it('registers the one partition every placing reading names (a raw key with a plus)', () => {
    const result = partitionsOfReadings(PLATFORM, LAKE, RAW_BUCKET, [
      `${HOUR}/a b=c&d.json`,
      `${HOUR}/a+b=c&d.json`,
    ]);

    expect(result.action === 'register' && result.partitions.map((p) => p.values)).toEqual([
      ['2026', '03', '08', '17'],
    ]);
  });

  it('registers from the reading as sent when the decoded one is not a partition path', () => {
    // A raw file name with an escape in it: decoded, the slash nests it below the partition.
    const result = partitionsOfReadings(PLATFORM, LAKE, RAW_BUCKET, [
      `${HOUR}/x/y.json`,
      `${HOUR}/x%2Fy.json`,
    ]);

    expect(result.action === 'register' && result.partitions.map((p) => p.location)).toEqual([
      `s3://${RAW_BUCKET}/${HOUR}/`,
    ]);
  });

  it('keeps the likeliest reading’s skip or failure when no reading places the object', () => {
    expect(
      partitionsOfReadings(PLATFORM, LAKE, RAW_BUCKET, ['scratch/a b.json', 'scratch/a+b.json']),
    ).toMatchObject({ action: 'skip', reason: 'unknown-dataset' });
    expect(() =>
      partitionsOfReadings(PLATFORM, LAKE, RAW_BUCKET, [
        'access_events/year=2026/month=02/day=30/hour=01/a b',
        'access_events/year=2026/month=02/day=30/hour=01/a+b',
      ]),
    ).toThrow(InvalidPartitionValueError);
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
