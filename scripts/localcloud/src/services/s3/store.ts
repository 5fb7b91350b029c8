/**
 * S3's state: buckets, object versions (newest first) and multipart uploads. No HTTP here;
 * handlers translate requests into these calls and results into responses.
 */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import { sharedBytes } from '../../core/shared-bytes';
import type { ChecksumAlgorithm } from './checksums';

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface ObjectVersion {
  readonly key: string;
  /** `null` for objects written while versioning was never enabled or suspended. */
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  readonly body: Buffer;
  /** Quoted, as S3 returns it: `"<md5 hex>"` or `"<md5 of md5s>-<parts>"`. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Standard headers stored with the object (cache-control, content-disposition, …). */
  readonly headers: Readonly<Record<string, string>>;
  readonly checksum?: {
    readonly algorithm: ChecksumAlgorithm;
    readonly value: string;
    readonly type: 'FULL_OBJECT' | 'COMPOSITE';
  };
  /** Multipart objects: the size of each part, in part order. */
  readonly partSizes?: readonly number[];
  readonly storageClass: string;
}

export interface Bucket {
  readonly name: string;
  readonly createdAt: Date;
  versioning?: VersioningStatus;
  eventBridgeEnabled: boolean;
  /** key → versions, newest first. */
  readonly objects: Map<string, ObjectVersion[]>;
}

export interface UploadedPart {
  readonly partNumber: number;
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: string;
}

export interface MultipartUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly storageClass: string;
  readonly parts: Map<number, UploadedPart>;
}

export class S3Store {
  readonly buckets = new Map<string, Bucket>();
  readonly uploads = new Map<string, MultipartUpload>();
  private sequence = BigInt(Date.now()) << 16n;

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) {
      throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, {
        fields: { BucketName: name },
      });
    }
    return bucket;
  }

  /** The newest version of a key, delete markers included. */
  latest(bucket: Bucket, key: string): ObjectVersion | undefined {
    return bucket.objects.get(key)?.[0];
  }

  /** The current object, as GET/HEAD without versionId see it. */
  current(bucket: Bucket, key: string): ObjectVersion {
    const latest = this.latest(bucket, key);
    if (!latest || latest.isDeleteMarker) {
      throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, {
        fields: { Key: key },
        ...(latest?.isDeleteMarker && {
          headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId },
        }),
      });
    }
    return latest;
  }

  version(bucket: Bucket, key: string, versionId: string): ObjectVersion {
    if (versionId !== 'null' && !/^[A-Za-z0-9._-]{1,1024}$/.test(versionId)) {
      throw new AwsError('InvalidArgument', 'Invalid version id specified', 400, {
        fields: { ArgumentName: 'versionId', ArgumentValue: versionId },
      });
    }
    const found = bucket.objects.get(key)?.find((candidate) => candidate.versionId === versionId);
    if (!found) {
      throw new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, {
        fields: { Key: key, VersionId: versionId },
      });
    }
    return found;
  }

  /** The id a new write gets: a fresh one when versioning is on, `null` otherwise. */
  newVersionId(bucket: Bucket): string {
    return bucket.versioning === 'Enabled' ? randomBytes(24).toString('base64url') : 'null';
  }

  /** Stores a new current version; an unversioned or suspended bucket replaces its `null` version. */
  write(bucket: Bucket, version: ObjectVersion): void {
    const versions = (bucket.objects.get(version.key) ?? []).filter(
      (existing) => version.versionId !== 'null' || existing.versionId !== 'null',
    );
    versions.unshift({ ...version, body: sharedBytes(version.body) });
    bucket.objects.set(version.key, versions);
  }

  /** Removes one version for good; returns it. */
  removeVersion(bucket: Bucket, key: string, versionId: string): ObjectVersion | undefined {
    const versions = bucket.objects.get(key);
    const index = versions?.findIndex((candidate) => candidate.versionId === versionId) ?? -1;
    if (!versions || index === -1) return undefined;
    const [removed] = versions.splice(index, 1);
    if (versions.length === 0) bucket.objects.delete(key);
    return removed;
  }

  /**
   * S3's sequencer: a hex value that grows with every change to any key, compared as hex
   * strings of equal length after left-padding.
   */
  nextSequencer(): string {
    this.sequence += 1n;
    return this.sequence.toString(16).toUpperCase().padStart(18, '0');
  }

  /** Keys in S3's order: by the UTF-8 bytes of the key. */
  sortedKeys(bucket: Bucket): string[] {
    return [...bucket.objects.keys()].sort(compareKeys);
  }

  reset(): void {
    this.buckets.clear();
    this.uploads.clear();
  }

  /** JSON-serializable state; object bodies travel as base64. */
  snapshot(): unknown {
    const encodeVersion = (version: ObjectVersion) => ({
      ...version,
      body: version.body.toString('base64'),
    });
    return {
      buckets: [...this.buckets.values()].map((bucket) => ({
        ...bucket,
        objects: [...bucket.objects.entries()].map(([key, versions]) => [
          key,
          versions.map(encodeVersion),
        ]),
      })),
      uploads: [...this.uploads.values()].map((upload) => ({
        ...upload,
        parts: [...upload.parts.values()].map((part) => ({
          ...part,
          body: part.body.toString('base64'),
        })),
      })),
      sequence: this.sequence.toString(),
    };
  }

  restore(state: unknown): void {
    const saved = state as SavedState;
    this.reset();
    const date = (value: string | Date) => new Date(value);
    for (const bucket of saved.buckets) {
      this.buckets.set(bucket.name, {
        ...bucket,
        createdAt: date(bucket.createdAt),
        objects: new Map(
          bucket.objects.map(([key, versions]) => [
            key,
            versions.map((version) => ({
              ...version,
              body: Buffer.from(version.body, 'base64'),
              lastModified: date(version.lastModified),
            })),
          ]),
        ),
      });
    }
    for (const upload of saved.uploads) {
      this.uploads.set(upload.uploadId, {
        ...upload,
        initiated: date(upload.initiated),
        parts: new Map(
          upload.parts.map((part) => [
            part.partNumber,
            {
              ...part,
              body: Buffer.from(part.body, 'base64'),
              lastModified: date(part.lastModified),
            },
          ]),
        ),
      });
    }
    this.sequence = BigInt(saved.sequence);
  }
}

type Saved<T> = Omit<T, 'body' | 'lastModified'> & { body: string; lastModified: string };
interface SavedState {
  buckets: (Omit<Bucket, 'objects' | 'createdAt'> & {
    createdAt: string;
    objects: [string, Saved<ObjectVersion>[]][];
  })[];
  uploads: (Omit<MultipartUpload, 'parts' | 'initiated'> & {
    initiated: string;
    parts: Saved<UploadedPart>[];
  })[];
  sequence: string;
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
