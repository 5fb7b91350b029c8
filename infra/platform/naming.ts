/**
 * Names of deployed resources, derived from the platform definition. The CDK app, the Pulumi
 * program and the local runtime all name things through here, so a bucket is called the same
 * wherever it is referenced.
 */
import { createHash } from 'node:crypto';
import type { Platform } from './load';
import { ZONE_NAMES, type ZoneName } from './schema';

/** `hybrid-lake-dev` */
export function resourcePrefix(platform: Platform): string {
  return `${platform.project}-${platform.environmentName}`;
}

/** `hybrid-lake-dev-data-lake` */
export function stackName(platform: Platform, concern: string): string {
  return `${resourcePrefix(platform)}-${concern}`;
}

/**
 * Bucket names are global across AWS, so account and region are part of them. Either may be a
 * CloudFormation token (resolved at deploy time); the local runtime passes real values.
 * `hybrid-lake-prod-curated-123456789012-eu-west-1` is 47 characters, well under S3's 63.
 */
export function bucketName(
  platform: Platform,
  zone: ZoneName | 'access-logs' | 'warehouse-ml',
  account: string,
  region: string,
): string {
  return `${resourcePrefix(platform)}-${zone}-${account}-${region}`;
}

/** What a bucket name says, read as `bucketName` writes it. */
export interface LakeBucketName {
  readonly zone: ZoneName;
  readonly account: string;
  readonly region: string;
}

/**
 * The zone, account and region a zone bucket of this project and environment is named after
 * (the inverse of `bucketName`), or undefined for any other name. Anyone can create a bucket
 * with such a name in their own account, so this says nothing about whose bucket it is: only
 * `zoneOfBucket` decides that.
 */
export function parseBucketName(platform: Platform, bucket: string): LakeBucketName | undefined {
  const prefix = `${resourcePrefix(platform)}-`;
  if (!bucket.startsWith(prefix)) return undefined;
  const rest = bucket.slice(prefix.length);
  const zone = ZONE_NAMES.find((name) => rest.startsWith(`${name}-`));
  if (zone === undefined) return undefined;
  const match = /^(\d{12})-([a-z]{2}(?:-[a-z]+)+-\d+)$/.exec(rest.slice(zone.length + 1));
  if (!match) return undefined;
  const [, account = '', region = ''] = match;
  // Round-trip through the one naming function, so a change there cannot silently diverge.
  return bucketName(platform, zone, account, region) === bucket
    ? { zone, account, region }
    : undefined;
}

/**
 * The zone whose bucket this is in the deployment in `account` and `region`, or undefined for
 * any other bucket, a same-named bucket of another account or region included: how the
 * functions tell zones apart in S3 events, and refuse buckets that are not theirs.
 */
export function zoneOfBucket(
  platform: Platform,
  bucket: string,
  account: string,
  region: string,
): ZoneName | undefined {
  const parsed = parseBucketName(platform, bucket);
  return parsed !== undefined && parsed.account === account && parsed.region === region
    ? parsed.zone
    : undefined;
}

/** `alias/hybrid-lake/dev/raw`: KMS aliases take slashes, so keys group by environment. */
export function keyAlias(platform: Platform, purpose: string): string {
  return `alias/${platform.project}/${platform.environmentName}/${purpose}`;
}

/** Azure storage account names: 3–24 characters, lower-case letters and digits only. */
export const STORAGE_ACCOUNT_NAME_PATTERN = /^[a-z0-9]{3,24}$/;

/**
 * The ADLS Gen2 account: `hybridlakeprod`. Account names are global across Azure, so the Pulumi
 * program passes its subscription id as `uniqueScope`, which appends six hex digits of its hash
 * (`hybridlakeprod3f9a1c`): the same subscription always gets the same name, another one a
 * different name. The project part is shortened first, so dev and prod never collide.
 */
export function storageAccountName(platform: Platform, uniqueScope?: string): string {
  const suffix =
    uniqueScope === undefined
      ? ''
      : createHash('sha256').update(uniqueScope).digest('hex').slice(0, 6);
  const alphanumeric = (text: string) => text.replace(/[^a-z0-9]/g, '');
  const environment = alphanumeric(platform.environmentName);
  const project = alphanumeric(platform.project).slice(0, 24 - environment.length - suffix.length);
  return `${project}${environment}${suffix}`;
}

/**
 * Where the S3 → ADLS transfer stages a copy before renaming it into place, inside each mirrored
 * file system. Readers never see it; the Azure lifecycle policy deletes what a crash leaves there.
 */
export const TRANSFER_TEMP_PREFIX = '_transfer-tmp';

/**
 * Whether a lake key is bookkeeping rather than data: a file or folder under the dataset whose
 * name starts with `_` or `.`, which Spark, Hive and Athena skip when they read a table (Spark's
 * `_SUCCESS` marker, its `_temporary/` and `.spark-staging-…/` folders while a job commits).
 * Such objects are neither mirrored nor reconciled.
 */
export function isHiddenLakeKey(key: string): boolean {
  return key
    .split('/')
    .slice(1)
    .some((segment) => segment.startsWith('_') || segment.startsWith('.'));
}
