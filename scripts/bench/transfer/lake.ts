/**
 * The lake as deployed onto localcloud (scripts/local-platform/lake.ts), seen from the benchmark:
 * the raw zone bucket and file system it copies between, and the objects it copies.
 */
import { createCipheriv } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DataLakeServiceClient } from '@azure/storage-file-datalake';
import { loadPlatform, TRANSFER_TEMP_PREFIX } from '../../../infra/platform';
import { parseS3ObjectEvent } from '../../../lambdas/s3-to-adls/event';
import { deployLocalLake } from '../../local-platform/lake';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { MIB } from './measurements';

export const PLATFORM_ENV = 'dev';
const RAW = 'raw' as const;
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
  const lake = await deployLocalLake(cloud, { platform: loadPlatform(PLATFORM_ENV) });
  return {
    s3: lake.s3,
    sqs: lake.sqs,
    queueUrl: lake.queueUrl,
    rawBucket: lake.buckets[RAW],
    fileSystem: RAW,
    sharedKeySecretArn: lake.sharedKeySecretArn,
    dataLake: lake.dataLake,
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
