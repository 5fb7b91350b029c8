/**
 * Which buckets a function may act on: the zone buckets of its own deployment, named after the
 * platform, the account and the region it runs in. A bucket of the same name shape in another
 * account or region (anyone can create one) or any other bucket is refused, before any request
 * is made to it, with the function's own permanent error (`fail`).
 */
import { parseBucketName, zoneOfBucket, type Platform, type ZoneName } from '../../infra/platform';
import { ConfigurationError, requireEnv } from './env';
import type { EventErrorFactory } from './s3-event-bridge';

/** The account and region whose lake buckets a function serves. */
export interface LakeIdentity {
  readonly account: string;
  readonly region: string;
}

/**
 * `LAKE_ACCOUNT_ID`, set by the CDK to the stack's account, and `AWS_REGION`, which the Lambda
 * service sets (the buckets are in the function's own region). Read once, at cold start.
 */
export function loadLakeIdentity(environment: NodeJS.ProcessEnv = process.env): LakeIdentity {
  const account = requireEnv('LAKE_ACCOUNT_ID', environment);
  const region = requireEnv('AWS_REGION', environment);
  if (!/^\d{12}$/.test(account))
    throw new ConfigurationError(`LAKE_ACCOUNT_ID must be a 12-digit account id; got "${account}"`);
  return { account, region };
}

/** The zone of one of this deployment's buckets. @throws what `fail` builds, for any other. */
export function lakeZoneOf(
  platform: Platform,
  lake: LakeIdentity,
  bucket: string,
  fail: EventErrorFactory,
): ZoneName {
  const zone = zoneOfBucket(platform, bucket, lake.account, lake.region);
  if (zone !== undefined) return zone;
  const parsed = parseBucketName(platform, bucket);
  const ours = `account ${lake.account}, region ${lake.region}`;
  throw fail(
    parsed === undefined
      ? `Bucket "${bucket}" is not a lake bucket of this deployment (${ours})`
      : `Bucket "${bucket}" is the ${parsed.zone} bucket name of account ${parsed.account}, region ${parsed.region}, not of this deployment (${ours})`,
  );
}
