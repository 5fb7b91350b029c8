import { loadPlatform, type ZoneName } from '../../../../../infra/platform';
import { matchesPattern, parseEventPattern } from '@hybrid-lake/localcloud';
import { definitionWith } from '../../../../fixtures/platform';
import { objectEventDetail } from '../../../../../infra/aws/facts/object-events';
import { registrationSources } from '../../../../../infra/aws/facts/catalog';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const bucketOf = (zone: ZoneName) => `hybrid-lake-dev-${zone}-${ACCOUNT}-${REGION}`;

/** An S3 "Object Created" event as EventBridge delivers it (the fields the rule filters on). */
const objectCreated = (bucket: string, key: string) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: bucket }, object: { key, size: 1 } },
});

function registrationPattern(sources: ReturnType<typeof registrationSources>) {
  return parseEventPattern(
    JSON.stringify({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: objectEventDetail(sources),
    }),
  );
}

describe('registrationSources', () => {
  it('lists every zone with tables, each with the datasets not using partition projection', () => {
    const sources = registrationSources(loadPlatform('dev'), ACCOUNT, REGION);
    const prefixes = ['access_events/', 'transactions/', 'interactions/', 'customers/'];
    const curated = [
      'accesses_per_minute/',
      'accesses_by_device_and_content_type/',
      'accesses_by_country_and_city/',
      'sales_by_product/',
      'customer_rfm/',
      'customer_features/',
      'churn_training/',
    ];

    expect(sources).toEqual([
      { zone: 'raw', bucketName: bucketOf('raw'), prefixes },
      { zone: 'clean', bucketName: bucketOf('clean'), prefixes },
      { zone: 'curated', bucketName: bucketOf('curated'), prefixes: curated },
    ]);
  });

  it('routes registered datasets of the zone buckets, and nothing else', () => {
    const pattern = registrationPattern(registrationSources(loadPlatform('dev'), ACCOUNT, REGION));
    const key = 'transactions/year=2026/month=03/day=01/part-0.parquet';

    expect(matchesPattern(pattern, objectCreated(bucketOf('clean'), key))).toBe(true);
    expect(matchesPattern(pattern, objectCreated(bucketOf('landing'), key))).toBe(false);
    expect(
      matchesPattern(
        pattern,
        objectCreated(`hybrid-lake-dev-access-logs-${ACCOUNT}-${REGION}`, key),
      ),
    ).toBe(false);
    expect(
      matchesPattern(pattern, objectCreated(bucketOf('raw'), 'web_logs/year=2026/part-0.parquet')),
    ).toBe(false);
  });

  it('gives a zone its own clause when its registered datasets differ', () => {
    // customers only reaches raw: clean and curated register three datasets, raw four.
    const platform = loadPlatform(
      'dev',
      definitionWith((definition) => {
        definition.datasets.find((dataset) => dataset.name === 'customers')!.zones = ['raw'];
      }),
    );
    const pattern = registrationPattern(registrationSources(platform, ACCOUNT, REGION));

    expect(matchesPattern(pattern, objectCreated(bucketOf('raw'), 'customers/x.parquet'))).toBe(
      true,
    );
    expect(matchesPattern(pattern, objectCreated(bucketOf('clean'), 'customers/x.parquet'))).toBe(
      false,
    );
  });
});
