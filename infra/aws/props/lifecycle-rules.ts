import { Duration, aws_s3 as s3 } from 'aws-cdk-lib';
import type { Lifecycle, StorageClassName } from '../../platform';

const STORAGE_CLASS: Record<StorageClassName, s3.StorageClass> = {
  STANDARD_IA: s3.StorageClass.INFREQUENT_ACCESS,
  ONEZONE_IA: s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS,
  INTELLIGENT_TIERING: s3.StorageClass.INTELLIGENT_TIERING,
  GLACIER_IR: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
  GLACIER: s3.StorageClass.GLACIER,
  DEEP_ARCHIVE: s3.StorageClass.DEEP_ARCHIVE,
};

/**
 * Turns a zone's lifecycle into S3 lifecycle rules. Rules are split by purpose so each one
 * reads on its own in the console, and so tests can assert them one by one:
 *   - `abort-incomplete-multipart-uploads`: failed uploads leave invisible, billed parts;
 *   - `expire-noncurrent-versions`: versioning protects against overwrites, not forever;
 *   - `tier-current-versions`: transitions and, where set, expiry of current versions;
 *   - `remove-expired-delete-markers`: once all versions are gone, the lone delete marker
 *     is removed too, or listings slow down under millions of empty markers.
 */
export function toLifecycleRules(lifecycle: Lifecycle): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      abortIncompleteMultipartUploadAfter: Duration.days(
        lifecycle.abortIncompleteMultipartUploadAfterDays,
      ),
    },
    {
      id: 'expire-noncurrent-versions',
      noncurrentVersionExpiration: Duration.days(lifecycle.noncurrentVersionExpireAfterDays),
    },
  ];
  if (lifecycle.transitions.length > 0 || lifecycle.expireAfterDays !== undefined) {
    rules.push({
      id: 'tier-current-versions',
      transitions: lifecycle.transitions.map((transition) => ({
        storageClass: STORAGE_CLASS[transition.storageClass],
        transitionAfter: Duration.days(transition.afterDays),
      })),
      ...(lifecycle.expireAfterDays !== undefined && {
        expiration: Duration.days(lifecycle.expireAfterDays),
      }),
    });
  }
  // A separate rule: S3 rejects ExpiredObjectDeleteMarker in a rule that also expires by Days.
  rules.push({ id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true });
  return rules;
}

export function toTransitionMinimumSize(
  lifecycle: Lifecycle,
): s3.TransitionDefaultMinimumObjectSize {
  return lifecycle.transitionMinimumSize === 'all_storage_classes_128K'
    ? s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K
    : s3.TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS;
}
