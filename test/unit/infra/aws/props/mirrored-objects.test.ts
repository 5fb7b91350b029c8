import { App, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { mirroredZones } from '../../../../../infra/aws/props/mirrored-objects';
import { ZONE_NAMES, loadPlatform, type ZoneName } from '../../../../../infra/platform';
import { matchesPattern, parseEventPattern } from '@hybrid-lake/localcloud';
import { definitionWith } from '../../../../fixtures/platform';
import { mirroredObjectsDetail } from '../../../../../infra/aws/facts/replication';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function zoneBuckets(): Record<ZoneName, s3.IBucket> {
  const stack = new Stack(new App(), 'Buckets');
  return Object.fromEntries(
    ZONE_NAMES.map((zone) => [zone, s3.Bucket.fromBucketName(stack, zone, `imported-${zone}`)]),
  ) as Record<ZoneName, s3.IBucket>;
}

/** An S3 "Object Created" event as EventBridge delivers it (the fields the rule filters on). */
const objectCreated = (bucket: string, key: string) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: bucket }, object: { key, size: 1 } },
});

const bucketOf = (zone: ZoneName) => `hybrid-lake-dev-${zone}-${ACCOUNT}-${REGION}`;

describe('mirroredZones', () => {
  it('lists raw and curated with every mirrored dataset prefix, named as the lake names them', () => {
    const zones = mirroredZones(loadPlatform('dev'), zoneBuckets(), ACCOUNT, REGION);
    const prefixes = [
      'access_events/',
      'web_logs/',
      'transactions/',
      'interactions/',
      'customers/',
    ];
    const curated = [
      'accesses_per_minute/',
      'accesses_by_device_and_content_type/',
      'accesses_by_country_and_city/',
      'sales_by_product/',
      'customer_rfm/',
      'customer_features/',
      'churn_training/',
    ];

    expect(zones.map(({ zone, bucketName, prefixes }) => ({ zone, bucketName, prefixes }))).toEqual(
      [
        { zone: 'raw', bucketName: bucketOf('raw'), prefixes },
        { zone: 'curated', bucketName: bucketOf('curated'), prefixes: curated },
      ],
    );
  });
});

describe('mirroredObjectsDetail', () => {
  it('gives zones that mirror different datasets a clause each, so no dataset leaks across zones', () => {
    // raw holds the source datasets, curated what the ETL derives from them.
    const platform = loadPlatform('dev');
    const detail = mirroredObjectsDetail(mirroredZones(platform, zoneBuckets(), ACCOUNT, REGION));
    const pattern = parseEventPattern(JSON.stringify({ source: ['aws.s3'], detail }));

    expect(detail).toEqual({
      $or: [
        expect.objectContaining({ bucket: { name: [bucketOf('raw')] } }),
        expect.objectContaining({ bucket: { name: [bucketOf('curated')] } }),
      ],
    });
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('raw'), 'customers/day=01/a.parquet')),
    ).toBe(true);
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('curated'), 'customers/day=01/a.parquet')),
    ).toBe(false);
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('curated'), 'customer_rfm/day=01/a.parquet')),
    ).toBe(true);
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('raw'), 'customer_rfm/day=01/a.parquet')),
    ).toBe(false);
  });

  it('shares one clause between zones that mirror the same datasets', () => {
    // Mirroring clean instead of curated: raw and clean hold the same datasets.
    const platform = loadPlatform(
      'dev',
      definitionWith((definition) => {
        definition.zones.find((zone) => zone.name === 'clean')!.mirroredToAzure = true;
        definition.zones.find((zone) => zone.name === 'curated')!.mirroredToAzure = false;
      }),
    );
    const detail = mirroredObjectsDetail(mirroredZones(platform, zoneBuckets(), ACCOUNT, REGION));
    const pattern = parseEventPattern(JSON.stringify({ source: ['aws.s3'], detail }));

    expect(detail).toMatchObject({ bucket: { name: [bucketOf('raw'), bucketOf('clean')] } });
    expect(matchesPattern(pattern, objectCreated(bucketOf('clean'), 'customers/x.parquet'))).toBe(
      true,
    );
    expect(matchesPattern(pattern, objectCreated(bucketOf('curated'), 'customers/x.parquet'))).toBe(
      false,
    );
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('raw'), 'unknown_dataset/x.parquet')),
    ).toBe(false);
    expect(matchesPattern(pattern, objectCreated(bucketOf('raw'), 'customers_v2/x.parquet'))).toBe(
      false,
    );
  });
});
