/**
 * A zone bucket and its mirror on localcloud, written the way the platform writes them: objects
 * to a versioned S3 bucket named by the platform definition, copies to the ADLS file system named
 * after the zone with the metadata the transfer records.
 */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  BlobServiceClient,
  StorageSharedKeyCredential,
  type ContainerClient,
} from '@azure/storage-blob';
import { DataLakeServiceClient } from '@azure/storage-file-datalake';
import { bucketName, loadPlatform, type ZoneName } from '../../../../infra/platform';
import { targetMetadata } from '../../../../lambdas/s3-to-adls/metadata';
import { unquoteEtag } from '../../../../scripts/reconcile/keys';
import { main, type ReconcileDependencies } from '../../../../scripts/reconcile/main';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export interface WrittenObject {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly body: Buffer;
}

export class Mirror {
  readonly s3: S3Client;
  readonly sts: STSClient;
  readonly blobService: BlobServiceClient;
  readonly dataLake: DataLakeServiceClient;
  readonly bucket: string;
  readonly container: ContainerClient;

  constructor(
    readonly cloud: LocalCloud,
    readonly zone: ZoneName = 'raw',
  ) {
    this.s3 = new S3Client(cloud.clientConfig);
    this.sts = new STSClient(cloud.clientConfig);
    const credential = new StorageSharedKeyCredential(
      cloud.azure.accountName,
      cloud.azure.accountKey,
    );
    this.blobService = new BlobServiceClient(cloud.azure.endpoint, credential);
    this.dataLake = new DataLakeServiceClient(cloud.azure.endpoint, credential);
    this.bucket = bucketName(loadPlatform('dev'), zone, cloud.accountId, cloud.region);
    this.container = this.blobService.getContainerClient(zone);
  }

  async create(): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
    await this.s3.send(
      new PutBucketVersioningCommand({
        Bucket: this.bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await this.container.create();
  }

  async putObject(key: string, body: Buffer | string): Promise<WrittenObject> {
    const bytes = Buffer.from(body);
    const result = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes }),
    );
    return {
      key,
      versionId: result.VersionId ?? 'null',
      etag: unquoteEtag(result.ETag ?? ''),
      body: bytes,
    };
  }

  /** A copy as the transfer leaves it: same bytes, Content-MD5, source version and ETag. */
  async putCopy(
    source: WrittenObject,
    changes: { path?: string; body?: Buffer; versionId?: string; etag?: string } = {},
  ): Promise<void> {
    const body = changes.body ?? source.body;
    await this.container.getBlockBlobClient(changes.path ?? source.key).upload(body, body.length, {
      blobHTTPHeaders: { blobContentMD5: createHash('md5').update(body).digest() },
      metadata: this.recordOf({ ...source, ...changes }),
    });
  }

  /** The same through the DFS API (create, append, flush), which the Blob listing must see too. */
  async putCopyThroughDfs(source: WrittenObject): Promise<void> {
    const file = this.dataLake.getFileSystemClient(this.zone).getFileClient(source.key);
    await file.upload(source.body, {
      metadata: this.recordOf(source),
    });
  }

  /** The metadata the transfer writes (its own function), for this bucket and source. */
  recordOf(source: { versionId: string; etag: string }): Record<string, string> {
    return targetMetadata({
      bucket: this.bucket,
      etag: source.etag,
      ...(source.versionId !== 'null' && { versionId: source.versionId }),
    });
  }

  /** An object and its faithful copy. */
  async putMirrored(
    key: string,
    body: Buffer | string = `content of ${key}`,
  ): Promise<WrittenObject> {
    const written = await this.putObject(key, body);
    await this.putCopy(written);
    return written;
  }

  /** What main() needs, with output captured. */
  dependencies(): ReconcileDependencies & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      env: {},
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      s3: this.s3,
      sts: this.sts,
      blobService: this.blobService,
      out,
      err,
    };
  }
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<unknown>,
) {
  for (let start = 0; start < items.length; start += limit) {
    await Promise.all(items.slice(start, start + limit).map(task));
  }
}

/** What `npm run reconcile -- --json` prints. */
export interface JsonReport {
  drift: boolean;
  bucket: string;
  counts: Record<
    's3' | 'adls' | 'matched' | 'missing' | 'extra' | 'mismatched',
    { count: number; bytes: number }
  >;
  mismatchedFields: Record<string, number>;
  missing: { key: string; size: number }[];
  extra: { key: string; size: number }[];
  mismatched: { key: string; mismatches: { field: string; s3: string; adls: string }[] }[];
}

/** Runs the reconcile of the mirror's zone with `--json`; the report parsed. */
export async function reconcileJson(mirror: Mirror, ...flags: string[]) {
  const dependencies = mirror.dependencies();
  const code = await main(['--zone', mirror.zone, '--json', ...flags], dependencies);
  expect(dependencies.err).toEqual([]);
  return { code, report: JSON.parse(dependencies.out.join('\n')) as JsonReport };
}
