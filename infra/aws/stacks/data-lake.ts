import type { aws_s3 as s3 } from 'aws-cdk-lib';
import { CfnOutput, RemovalPolicy, Stack, aws_iam as iam, type StackProps } from 'aws-cdk-lib';
import { ML_LOG_PREFIX } from '../facts/warehouse';
import type { Construct } from 'constructs';
import {
  bucketName,
  keyAlias,
  lifecycleSchema,
  type Platform,
  type ZoneName,
} from '../../platform';
import { SecureBucket } from '../constructs/secure-bucket';

export interface DataLakeStackProps extends StackProps {
  readonly platform: Platform;
  /** Applied to every bucket and key. @default RemovalPolicy.RETAIN */
  readonly dataRemovalPolicy?: RemovalPolicy;
}

/**
 * One bucket per zone under its own key, plus the bucket that receives their server access logs
 * (SSE-S3, the only default encryption log delivery supports).
 */
export class DataLakeStack extends Stack {
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  readonly accessLogBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: DataLakeStackProps) {
    super(scope, id, props);
    const { platform } = props;
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;

    // SSE-S3, no key: S3 server access logging cannot deliver into an SSE-KMS bucket.
    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      bucketName: bucketName(platform, 'access-logs', this.account, this.region),
      // Logs are never tiered (read rarely, deleted in full) and old versions have no value.
      lifecycle: lifecycleSchema.parse({
        expireAfterDays: platform.environment.accessLogRetentionDays,
        noncurrentVersionExpireAfterDays: 1,
      }),
      receivesAccessLogs: true,
      eventBridgeEnabled: false,
      removalPolicy,
    });
    this.accessLogBucket = accessLogs.bucket;
    // The warehouse's ML bucket logs here too. It lives in the warehouse stack, which depends on
    // this one, so it is admitted by name rather than by a reference back to it.
    accessLogs.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'WarehouseMlAccessLogs',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [accessLogs.bucket.arnForObjects(`${ML_LOG_PREFIX}*`)],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${this.partition}:s3:::${bucketName(platform, 'warehouse-ml', this.account, this.region)}`,
          },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );

    const zoneBuckets: Partial<Record<ZoneName, s3.IBucket>> = {};
    for (const zone of platform.zones) {
      const { bucket } = new SecureBucket(this, `${capitalize(zone.name)}Zone`, {
        bucketName: bucketName(platform, zone.name, this.account, this.region),
        keyAlias: keyAlias(platform, zone.name),
        lifecycle: zone.lifecycle,
        accessLogs: { bucket: accessLogs.bucket, prefix: `${zone.name}/` },
        removalPolicy,
      });
      zoneBuckets[zone.name] = bucket;
      new CfnOutput(this, `${capitalize(zone.name)}BucketName`, {
        value: bucket.bucketName,
        description: `${zone.name} zone: ${zone.description}`,
      });
    }
    this.zoneBuckets = zoneBuckets as Record<ZoneName, s3.IBucket>;
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
