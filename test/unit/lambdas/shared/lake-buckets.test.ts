import { bucketName, loadPlatform } from '../../../../infra/platform';
import { ConfigurationError } from '../../../../lambdas/shared/env';
import { lakeZoneOf, loadLakeIdentity } from '../../../../lambdas/shared/lake-buckets';

class CallerError extends Error {
  override readonly name = 'CallerError';
}
const fail = (message: string) => new CallerError(message);
const dev = loadPlatform('dev');
const lake = { account: '123456789012', region: 'eu-west-1' };

describe('loadLakeIdentity', () => {
  it('reads the account the CDK sets and the region Lambda sets', () => {
    expect(loadLakeIdentity({ LAKE_ACCOUNT_ID: '123456789012', AWS_REGION: 'eu-west-1' })).toEqual(
      lake,
    );
  });

  it.each([
    [{ AWS_REGION: 'eu-west-1' }, 'LAKE_ACCOUNT_ID is required'],
    [{ LAKE_ACCOUNT_ID: '123456789012' }, 'AWS_REGION is required'],
    [{ LAKE_ACCOUNT_ID: '12345', AWS_REGION: 'eu-west-1' }, 'must be a 12-digit account id'],
  ])('fails fast on %p', (environment, message) => {
    expect(() => loadLakeIdentity(environment)).toThrow(ConfigurationError);
    expect(() => loadLakeIdentity(environment)).toThrow(message);
  });
});

describe('lakeZoneOf', () => {
  it('gives the zone of a bucket of this deployment', () => {
    expect(lakeZoneOf(dev, lake, bucketName(dev, 'clean', lake.account, lake.region), fail)).toBe(
      'clean',
    );
  });

  it("refuses any other bucket with the caller's error, saying why", () => {
    expect(() => lakeZoneOf(dev, lake, 'my-bucket', fail)).toThrow(
      new CallerError(
        'Bucket "my-bucket" is not a lake bucket of this deployment (account 123456789012, region eu-west-1)',
      ),
    );
    expect(() =>
      lakeZoneOf(dev, lake, bucketName(dev, 'raw', lake.account, 'eu-central-1'), fail),
    ).toThrow(/is the raw bucket name of account 123456789012, region eu-central-1, not of this/);
  });
});
