import { bucketName, loadPlatform, zoneOfBucket } from '../../../../infra/platform';
import { routeObject } from '../../../../lambdas/s3-to-adls/routing';

const dev = loadPlatform('dev');
const prod = loadPlatform('prod');
const raw = bucketName(dev, 'raw', '123456789012', 'eu-west-1');

describe('zoneOfBucket', () => {
  it.each(['landing', 'raw', 'clean', 'curated'] as const)('finds the %s zone', (zone) => {
    expect(zoneOfBucket(dev, bucketName(dev, zone, '123456789012', 'eu-west-1'))).toBe(zone);
  });

  it('handles any region form and the emulator account', () => {
    expect(zoneOfBucket(dev, bucketName(dev, 'curated', '000000000000', 'us-east-1'))).toBe(
      'curated',
    );
    expect(zoneOfBucket(dev, bucketName(dev, 'raw', '123456789012', 'ap-southeast-2'))).toBe('raw');
  });

  it.each([
    ['another environment', bucketName(prod, 'raw', '123456789012', 'eu-west-1')],
    ['the access-log bucket', bucketName(dev, 'access-logs', '123456789012', 'eu-west-1')],
    ['a foreign bucket', 'my-bucket'],
    ['no account', 'hybrid-lake-dev-raw-eu-west-1'],
    ['a short account', 'hybrid-lake-dev-raw-12345-eu-west-1'],
    ['an unknown zone', 'hybrid-lake-dev-gold-123456789012-eu-west-1'],
  ])('returns undefined for %s', (_case, bucket) => {
    expect(zoneOfBucket(dev, bucket)).toBeUndefined();
  });
});

describe('routeObject', () => {
  it('mirrors a mirrored dataset in a mirrored zone to the file system named after the zone', () => {
    const route = routeObject(dev, raw, 'web_logs/year=2026/month=03/day=08/hour=17/p.parquet');

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
    ['an unknown bucket', 'other-bucket', 'web_logs/a.parquet', 'unknown-bucket'],
    ['an unknown dataset', raw, 'scratch/a.parquet', 'unknown-dataset'],
    ['a file at the bucket root', raw, 'web_logs', 'unknown-dataset'],
    [
      'a zone that is not mirrored',
      bucketName(dev, 'clean', '123456789012', 'eu-west-1'),
      'web_logs/a.parquet',
      'not-mirrored',
    ],
    [
      'the landing zone',
      bucketName(dev, 'landing', '123456789012', 'eu-west-1'),
      'customers/a.csv',
      'not-mirrored',
    ],
  ])('skips %s', (_case, bucket, key, reason) => {
    expect(routeObject(dev, bucket, key)).toEqual({ action: 'skip', reason });
  });
});
