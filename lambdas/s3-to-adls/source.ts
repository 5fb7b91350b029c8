/**
 * The S3 side: HEAD the exact version named by the event, presign a GET of that version for
 * Azure to pull, and ranged GETs of that version for the streaming fallback.
 */
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SourceChangedError } from './errors';

export interface SourceObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** Without quotes. */
  readonly etag: string;
  readonly size: number;
  readonly contentType?: string;
  readonly userMetadata: Readonly<Record<string, string>>;
  /** The object's MD5, when S3 can vouch for it (see `md5FromEtag`). */
  readonly md5?: Buffer;
}

/**
 * The ETag is the body's MD5 only for single-part uploads stored with SSE-S3 (or none); SSE-KMS
 * and multipart ETags are something else, so for those the MD5 is unknown.
 */
export function md5FromEtag(
  etag: string,
  serverSideEncryption: string | undefined,
): Buffer | undefined {
  if (serverSideEncryption !== undefined && serverSideEncryption.startsWith('aws:kms'))
    return undefined;
  return /^[0-9a-f]{32}$/i.test(etag) ? Buffer.from(etag, 'hex') : undefined;
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 ||
      ['NotFound', 'NoSuchKey', 'NoSuchVersion'].includes(error.name))
  );
}

/** HEAD of the key (or of the event's version); undefined when it no longer exists. */
export async function headSource(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
): Promise<SourceObject | undefined> {
  try {
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId && { VersionId: versionId }),
      }),
    );
    const etag = (head.ETag ?? '').replace(/"/g, '');
    const md5 = md5FromEtag(etag, head.ServerSideEncryption);
    return {
      bucket,
      key,
      ...(head.VersionId !== undefined &&
        head.VersionId !== 'null' && { versionId: head.VersionId }),
      etag,
      size: head.ContentLength ?? 0,
      ...(head.ContentType !== undefined && { contentType: head.ContentType }),
      userMetadata: head.Metadata ?? {},
      ...(md5 && { md5 }),
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function getCommand(
  source: SourceObject,
  range?: { offset: number; count: number },
): GetObjectCommand {
  return new GetObjectCommand({
    Bucket: source.bucket,
    Key: source.key,
    ...(source.versionId !== undefined && { VersionId: source.versionId }),
    // An unversioned key overwritten meanwhile answers 412 instead of other bytes. Not on the
    // presigned URL: a signed If-Match would have to be sent by Azure, which sends its own
    // (`sourceConditions` of the copy) instead.
    ...(range && {
      IfMatch: `"${source.etag}"`,
      Range: `bytes=${range.offset}-${range.offset + range.count - 1}`,
    }),
  });
}

export type PresignSource = (source: SourceObject, expiresInSeconds: number) => Promise<string>;

/** A presigned GET of exactly this version (or ETag), for Azure to read. */
export function s3Presigner(s3: S3Client): PresignSource {
  return (source, expiresIn) => getSignedUrl(s3, getCommand(source), { expiresIn });
}

export { redactUrls as redactUrl } from './redaction';

/**
 * One byte range of the object version as a stream (the streaming copy reads its ranges side by
 * side). `If-Match` on the ETag makes a key overwritten since the HEAD answer 412 instead of other
 * bytes, so every range comes from the same object.
 */
export async function openSourceRange(
  s3: S3Client,
  source: SourceObject,
  range: { readonly offset: number; readonly count: number },
): Promise<Readable> {
  try {
    const response = await s3.send(getCommand(source, range));
    if (!(response.Body instanceof Readable)) {
      throw new SourceChangedError(`No readable body for ${source.key}`);
    }
    return response.Body;
  } catch (error) {
    if (error instanceof SourceChangedError) throw error;
    if (
      isNotFound(error) ||
      (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412)
    ) {
      throw new SourceChangedError(`Source ${source.key} changed during the copy`, {
        cause: error,
      });
    }
    throw error;
  }
}
