import { bucketName, loadPlatform } from '../../../../infra/platform';
import { ForeignBucketError } from '../../../../lambdas/s3-to-adls/errors';
import { routeObject } from '../../../../lambdas/s3-to-adls/routing';

const dev = loadPlatform('dev');
const prod = loadPlatform('prod');
const lake = { account: '123456789012', region: 'eu-west-1' };
const raw = bucketName(dev, 'raw', lake.account, lake.region);

describe('routeObject', () => {
  it('mirrors a mirrored dataset in a mirrored zone to the file system named after the zone', () => {
    const route = routeObject(
      dev,
      lake,
      raw,
      'web_logs/year=2026/month=03/day=08/hour=17/p.parquet',
    );

    expect(route).toMatchObject({
      action: 'mirror',
      zone: 'raw',
      fileSystem: 'raw',
      path: 'web_logs/year=2026/month=03/day=08/hour=17/p.parquet',
    });
    expect(route.action === 'mirror' && route.dataset.name).toBe('web_logs');
  });

  it.each([
    ['a folder marker', raw, 'web_logs/year=2026/', 'folder-marker'],
    ['an unknown dataset', raw, 'scratch/a.parquet', 'unknown-dataset'],
    ["a Spark job's success marker", raw, 'web_logs/_SUCCESS', 'hidden-file'],
    [
      "a Spark job's staging file",
      bucketName(dev, 'curated', lake.account, lake.region),
      'customer_rfm/.spark-staging-7f/year=2026/month=03/day=08/part-0.parquet',
      'hidden-file',
    ],
    [
      'a source dataset in curated',
      bucketName(dev, 'curated', lake.account, lake.region),
      'transactions/year=2026/month=03/day=08/part-0.parquet',
      'not-mirrored',
    ],
    ['a file at the bucket root', raw, 'web_logs', 'unknown-dataset'],
    [
      'a zone that is not mirrored',
      bucketName(dev, 'clean', lake.account, lake.region),
      'web_logs/a.parquet',
      'not-mirrored',
    ],
    [
      'the landing zone',
      bucketName(dev, 'landing', lake.account, lake.region),
      'customers/a.csv',
      'not-mirrored',
    ],
  ])('skips %s', (_case, bucket, key, reason) => {
    expect(routeObject(dev, lake, bucket, key)).toEqual({ action: 'skip', reason });
  });

  it.each([
    ['the raw bucket name of another account', bucketName(dev, 'raw', '210987654321', 'eu-west-1')],
    ['the raw bucket name of another region', bucketName(dev, 'raw', lake.account, 'us-east-1')],
    ['another environment’s bucket', bucketName(prod, 'raw', lake.account, lake.region)],
    ['the access-log bucket', bucketName(dev, 'access-logs', lake.account, lake.region)],
    ['any other bucket', 'other-bucket'],
  ])('refuses %s as a permanent failure, even for a folder marker', (_case, bucket) => {
    for (const key of ['web_logs/a.parquet', 'web_logs/year=2026/'])
      expect(() => routeObject(dev, lake, bucket, key)).toThrow(ForeignBucketError);
  });

  it('mirrors a curated aggregate from the curated zone', () => {
    const curated = bucketName(dev, 'curated', lake.account, lake.region);
    const key = 'sales_by_product/year=2026/month=03/day=08/part-0.parquet';

    expect(routeObject(dev, lake, curated, key)).toMatchObject({
      action: 'mirror',
      fileSystem: 'curated',
      path: key,
    });
  });

  it('says whose bucket a look-alike is', () => {
    expect(() =>
      routeObject(dev, lake, bucketName(dev, 'raw', '210987654321', 'eu-west-1'), 'web_logs/a'),
    ).toThrow(
      'Bucket "hybrid-lake-dev-raw-210987654321-eu-west-1" is the raw bucket name of account 210987654321, region eu-west-1, not of this deployment (account 123456789012, region eu-west-1)',
    );
  });
});
