import {
  bucketName,
  keyAlias,
  loadPlatform,
  parseBucketName,
  stackName,
  zoneOfBucket,
  ZONE_NAMES,
} from '../../../../infra/platform';

describe('resource names', () => {
  const platform = loadPlatform('prod');

  it('names stacks after project, environment and concern', () => {
    expect(stackName(platform, 'data-lake')).toBe('hybrid-lake-prod-data-lake');
  });

  it.each([...ZONE_NAMES, 'access-logs' as const])(
    'gives the %s bucket a valid S3 name even in the longest region',
    (zone) => {
      const name = bucketName(platform, zone, '123456789012', 'ap-southeast-5');

      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
      expect(name).toContain(`-${zone}-`);
    },
  );

  it('groups KMS aliases by project and environment', () => {
    expect(keyAlias(platform, 'raw')).toBe('alias/hybrid-lake/prod/raw');
  });
});

describe('zoneOfBucket', () => {
  const dev = loadPlatform('dev');
  const prod = loadPlatform('prod');
  const [account, region] = ['123456789012', 'eu-west-1'];

  it.each(ZONE_NAMES)('finds the %s zone of this deployment', (zone) => {
    expect(zoneOfBucket(dev, bucketName(dev, zone, account, region), account, region)).toBe(zone);
  });

  it('handles any region form and the emulator account', () => {
    const local = bucketName(dev, 'curated', '000000000000', 'us-east-1');
    const sydney = bucketName(dev, 'raw', account, 'ap-southeast-2');

    expect(zoneOfBucket(dev, local, '000000000000', 'us-east-1')).toBe('curated');
    expect(zoneOfBucket(dev, sydney, account, 'ap-southeast-2')).toBe('raw');
  });

  it.each([
    ['another account', bucketName(dev, 'raw', '210987654321', region)],
    ['another region', bucketName(dev, 'raw', account, 'us-east-1')],
    ['another environment', bucketName(prod, 'raw', account, region)],
    ['the access-log bucket', bucketName(dev, 'access-logs', account, region)],
    ['a foreign bucket', 'my-bucket'],
    ['no account', 'hybrid-lake-dev-raw-eu-west-1'],
    ['a short account', 'hybrid-lake-dev-raw-12345-eu-west-1'],
    ['an unknown zone', 'hybrid-lake-dev-gold-123456789012-eu-west-1'],
  ])('is undefined for %s', (_case, bucket) => {
    expect(zoneOfBucket(dev, bucket, account, region)).toBeUndefined();
  });

  it('still reads the zone, account and region a same-named bucket elsewhere is named after', () => {
    expect(parseBucketName(dev, bucketName(dev, 'clean', '210987654321', 'us-east-1'))).toEqual({
      zone: 'clean',
      account: '210987654321',
      region: 'us-east-1',
    });
    expect(parseBucketName(dev, 'my-bucket')).toBeUndefined();
  });
});
