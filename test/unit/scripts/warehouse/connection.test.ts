import { bucketName, loadPlatform, resourcePrefix } from '../../../../infra/platform';
import {
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localBucket,
  targetFor,
} from '../../../../scripts/warehouse/connection';

const platform = loadPlatform('dev');

describe('targetFor', () => {
  it("defaults to the environment's workgroup and database from the platform definition", () => {
    expect(targetFor(platform, { env: 'dev' })).toEqual({
      workgroupName: resourcePrefix(platform),
      database: platform.environment.warehouse.databaseName,
    });
  });

  it('lets flags override both names', () => {
    expect(targetFor(platform, { env: 'dev', workgroup: 'wg', database: 'db' })).toEqual({
      workgroupName: 'wg',
      database: 'db',
    });
  });

  it('connects with a secret only when one is given', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbC123';
    expect(targetFor(platform, { env: 'dev', secretArn })).toEqual({
      workgroupName: resourcePrefix(platform),
      database: platform.environment.warehouse.databaseName,
      secretArn,
    });
    expect(targetFor(platform, { env: 'dev' })).not.toHaveProperty('secretArn');
  });
});

describe('localBucket', () => {
  it("names the local zone buckets as the local lake does (localcloud's account and region)", () => {
    expect(localBucket(platform, 'clean')).toBe(
      bucketName(platform, 'clean', LOCAL_ACCOUNT, LOCAL_REGION),
    );
    expect(localBucket(platform, 'curated')).toMatch(/-curated-000000000000-us-east-1$/);
  });
});
