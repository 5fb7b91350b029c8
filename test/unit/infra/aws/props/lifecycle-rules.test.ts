import { Duration, aws_s3 as s3 } from 'aws-cdk-lib';
import {
  toLifecycleRules,
  toTransitionMinimumSize,
} from '../../../../../infra/aws/props/lifecycle-rules';
import { lifecycleSchema } from '../../../../../infra/platform';

describe('toLifecycleRules', () => {
  it('always aborts incomplete uploads, expires old versions and removes expired delete markers', () => {
    const rules = toLifecycleRules(lifecycleSchema.parse({ noncurrentVersionExpireAfterDays: 9 }));

    expect(rules).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(9) },
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
    ]);
  });

  it('maps every transition to its S3 storage class, in order, with the expiry', () => {
    const rules = toLifecycleRules(
      lifecycleSchema.parse({
        transitions: [
          { storageClass: 'STANDARD_IA', afterDays: 30 },
          { storageClass: 'INTELLIGENT_TIERING', afterDays: 60 },
          { storageClass: 'GLACIER_IR', afterDays: 90 },
          { storageClass: 'GLACIER', afterDays: 180 },
          { storageClass: 'DEEP_ARCHIVE', afterDays: 365 },
        ],
        expireAfterDays: 3650,
      }),
    );
    const tiering = rules.find((rule) => rule.id === 'tier-current-versions');

    expect(tiering?.transitions?.map((t) => [t.storageClass, t.transitionAfter?.toDays()])).toEqual(
      [
        [s3.StorageClass.INFREQUENT_ACCESS, 30],
        [s3.StorageClass.INTELLIGENT_TIERING, 60],
        [s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, 90],
        [s3.StorageClass.GLACIER, 180],
        [s3.StorageClass.DEEP_ARCHIVE, 365],
      ],
    );
    expect(tiering?.expiration?.toDays()).toBe(3650);
  });

  it('adds no tiering rule when nothing tiers or expires', () => {
    const ids = toLifecycleRules(lifecycleSchema.parse({})).map((rule) => rule.id);

    expect(ids).not.toContain('tier-current-versions');
  });

  it('maps the transition minimum size both ways', () => {
    expect(toTransitionMinimumSize(lifecycleSchema.parse({}))).toBe(
      s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
    );
    expect(
      toTransitionMinimumSize(
        lifecycleSchema.parse({ transitionMinimumSize: 'varies_by_storage_class' }),
      ),
    ).toBe(s3.TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);
  });
});
