/**
 * The part of the lake the transfer touches, on localcloud, the way the deployed platform has
 * it: the versioned raw zone bucket (named by `bucketName()`) sending its object events to
 * EventBridge, a rule routing them to an SQS queue, the `raw` ADLS file system, and the account
 * key in Secrets Manager for shared-key auth (local only).
 */
import { createCipheriv } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DataLakeServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { bucketName, loadPlatform, TRANSFER_TEMP_PREFIX } from '../../../infra/platform';
import { parseS3ObjectEvent } from '../../../lambdas/s3-to-adls/event';
import type { LocalCloud } from '../../localcloud/server';
import { MIB } from './measurements';

export const PLATFORM_ENV = 'dev';
const RAW = 'raw';
/** Multipart part size of the uploads (S3's minimum is 5 MiB). */
const PART_BYTES = 16 * MIB;

export interface BenchLake {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly rawBucket: string;
  readonly fileSystem: string;
  readonly sharedKeySecretArn: string;
  readonly dataLake: DataLakeServiceClient;
}

export async function setUpLake(cloud: LocalCloud): Promise<BenchLake> {
  const s3 = new S3Client(cloud.clientConfig);
  const sqs = new SQSClient(cloud.clientConfig);
  const events = new EventBridgeClient(cloud.clientConfig);
  const rawBucket = bucketName(loadPlatform(PLATFORM_ENV), RAW, cloud.accountId, cloud.region);
  await s3.send(new CreateBucketCommand({ Bucket: rawBucket }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: rawBucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: rawBucket,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    }),
  );
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'transfer-bench' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(
    new PutRuleCommand({
      Name: 'mirrored-objects',
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [rawBucket] } },
      }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'mirrored-objects',
      Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }],
    }),
  );
  const dataLake = new DataLakeServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
  await dataLake.getFileSystemClient(RAW).create();
  const { ARN } = await new SecretsManagerClient(cloud.clientConfig).send(
    new CreateSecretCommand({
      Name: 'hybrid-lake/dev/adls-shared-key',
      SecretString: JSON.stringify({
        accountName: cloud.azure.accountName,
        accountKey: cloud.azure.accountKey,
      }),
    }),
  );
  return {
    s3,
    sqs,
    queueUrl: QueueUrl ?? '',
    rawBucket,
    fileSystem: RAW,
    sharedKeySecretArn: ARN ?? '',
    dataLake,
  };
}

/** A key of a mirrored dataset in the raw zone. */
export function benchKey(sizeMiB: number): string {
  return `web_logs/year=2026/month=11/day=21/hour=00/bench-${sizeMiB}mib.json`;
}

/**
 * Deterministic, incompressible bytes: the AES-256-CTR key stream of a fixed key, read in
 * order. Fast enough for a GiB, and the same object every run.
 */
export function deterministicBytes(): (length: number) => Buffer {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  return (length) => cipher.update(Buffer.alloc(length));
}

export interface UploadedObject {
  readonly key: string;
  readonly versionId: string;
  readonly sizeBytes: number;
}

/** Uploads `sizeMiB` of deterministic bytes with a multipart upload, part by part. */
export async function uploadObject(lake: BenchLake, sizeMiB: number): Promise<UploadedObject> {
  const key = benchKey(sizeMiB);
  const sizeBytes = sizeMiB * MIB;
  const next = deterministicBytes();
  const { UploadId } = await lake.s3.send(
    new CreateMultipartUploadCommand({
      Bucket: lake.rawBucket,
      Key: key,
      ContentType: 'application/json',
    }),
  );
  const parts: { PartNumber: number; ETag: string }[] = [];
  for (let offset = 0, number = 1; offset < sizeBytes; offset += PART_BYTES, number += 1) {
    const { ETag } = await lake.s3.send(
      new UploadPartCommand({
        Bucket: lake.rawBucket,
        Key: key,
        UploadId,
        PartNumber: number,
        Body: next(Math.min(PART_BYTES, sizeBytes - offset)),
      }),
    );
    parts.push({ PartNumber: number, ETag: ETag ?? '' });
  }
  const { VersionId } = await lake.s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: lake.rawBucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
  return { key, versionId: VersionId ?? '', sizeBytes };
}

/** The body of the SQS message S3's "Object Created" event became: what the function receives. */
export async function receiveEventBody(lake: BenchLake, key: string): Promise<string> {
  const { Messages } = await lake.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: lake.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 5,
    }),
  );
  // Keys arrive form-URL-encoded: compare the decoded key, with the function's own parser.
  const body = (Messages ?? [])
    .map((message) => message.Body ?? '')
    .find((text) => parseS3ObjectEvent(text).key === key);
  if (body === undefined) throw new Error(`No "Object Created" event for ${key} reached the queue`);
  return body;
}

/** Size of a path in the file system, or undefined when it does not exist. */
export async function pathSize(lake: BenchLake, path: string): Promise<number | undefined> {
  const file = lake.dataLake.getFileSystemClient(lake.fileSystem).getFileClient(path);
  if (!(await file.exists())) return undefined;
  return (await file.getProperties()).contentLength;
}

/** Removes a copy (and whatever the transfer left under its temporary prefix) before the next. */
export async function removeCopy(lake: BenchLake, path: string): Promise<void> {
  const fileSystem = lake.dataLake.getFileSystemClient(lake.fileSystem);
  await fileSystem.getFileClient(path).deleteIfExists();
  await fileSystem.getDirectoryClient(TRANSFER_TEMP_PREFIX).deleteIfExists(true);
}
