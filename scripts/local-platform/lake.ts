/**
 * The data lake deployed onto localcloud the way the CDK and Pulumi programs deploy it: one
 * versioned zone bucket per zone (named by `bucketName()`) sending its object events to
 * EventBridge, the mirror rules (the same patterns as the ReplicationStack's) routing them to the
 * transfer queue, one ADLS file system per mirrored zone, and the account key in Secrets Manager
 * for shared-key auth (local only). Tests, benchmarks and the local runtime all start from here.
 */
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DataLakeServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { bucketName, resourcePrefix, type Platform, type ZoneName } from '../../infra/platform';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import {
  mirroredDetailTypes,
  mirroredObjectsDetail,
  mirrorSources,
  rewriteDeletesPattern,
  rewrittenSources,
} from '../../infra/aws/facts/replication';

export interface LocalLakeOptions {
  readonly platform: Platform;
  /** Route "Object Deleted" events too, as the ReplicationStack does with mirrorDeletes. @default false */
  readonly deliverDeletes?: boolean;
  /** Name of the mirror rule (the platform deployment passes the CDK's). @default `<prefix>-mirror` */
  readonly ruleName?: string;
  /**
   * Name of the rule routing deletes of rewritten objects, deployed when deletes are not all
   * delivered, as the ReplicationStack does. @default `<prefix>-rewrites`
   */
  readonly rewritesRuleName?: string;
  /** Name of the transfer queue. @default `<prefix>-transfer` */
  readonly queueName?: string;
}

export interface LocalLake {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** The transfer queue the mirror rule delivers to. */
  readonly queueUrl: string;
  /** Bucket name of each zone. */
  readonly buckets: Readonly<Record<ZoneName, string>>;
  /** ADLS file systems, one per mirrored zone, named after the zone. */
  readonly fileSystems: readonly ZoneName[];
  readonly sharedKeySecretArn: string;
  /** A Data Lake client with the account key, to create or inspect what the mirror holds. */
  readonly dataLake: DataLakeServiceClient;
}

export async function deployLocalLake(
  cloud: LocalCloud,
  options: LocalLakeOptions,
): Promise<LocalLake> {
  const { platform } = options;
  const s3 = new S3Client(cloud.clientConfig);
  const sqs = new SQSClient(cloud.clientConfig);
  const events = new EventBridgeClient(cloud.clientConfig);

  const buckets = Object.fromEntries(
    platform.zones.map((zone) => [
      zone.name,
      bucketName(platform, zone.name, cloud.accountId, cloud.region),
    ]),
  ) as Record<ZoneName, string>;
  for (const bucket of Object.values(buckets)) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
  }

  const sources = mirrorSources(platform, cloud.accountId, cloud.region);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: options.queueName ?? `${resourcePrefix(platform)}-transfer`,
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const deliverDeletes = options.deliverDeletes ?? false;
  const rules: { name: string; pattern: object }[] = [
    {
      name: options.ruleName ?? `${resourcePrefix(platform)}-mirror`,
      pattern: {
        source: ['aws.s3'],
        'detail-type': mirroredDetailTypes(deliverDeletes),
        detail: mirroredObjectsDetail(sources),
      },
    },
  ];
  const rewritten = rewrittenSources(platform, cloud.accountId, cloud.region);
  if (!deliverDeletes && rewritten.length > 0)
    rules.push({
      name: options.rewritesRuleName ?? `${resourcePrefix(platform)}-rewrites`,
      pattern: rewriteDeletesPattern(rewritten),
    });
  for (const rule of rules) {
    await events.send(
      new PutRuleCommand({ Name: rule.name, EventPattern: JSON.stringify(rule.pattern) }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: rule.name,
        Targets: [{ Id: 'transfer-queue', Arn: Attributes?.QueueArn }],
      }),
    );
  }

  const dataLake = new DataLakeServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
  const fileSystems = sources.map((source) => source.zone);
  for (const fileSystem of fileSystems) await dataLake.getFileSystemClient(fileSystem).create();

  const { ARN } = await new SecretsManagerClient(cloud.clientConfig).send(
    new CreateSecretCommand({
      Name: `${platform.project}/${platform.environmentName}/adls-shared-key`,
      SecretString: JSON.stringify({
        accountName: cloud.azure.accountName,
        accountKey: cloud.azure.accountKey,
      }),
    }),
  );
  if (QueueUrl === undefined || ARN === undefined)
    throw new Error('localcloud did not return the queue URL or secret ARN');
  return { s3, sqs, queueUrl: QueueUrl, buckets, fileSystems, sharedKeySecretArn: ARN, dataLake };
}
