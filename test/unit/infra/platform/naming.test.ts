import {
  bucketName,
  keyAlias,
  loadPlatform,
  stackName,
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
