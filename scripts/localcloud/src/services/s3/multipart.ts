import { createHash, randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { asArray, parseXml } from '../../core/xml';
import {
  CHECKSUM_ALGORITHMS,
  checksumHeader,
  compositeChecksum,
  type ChecksumAlgorithm,
} from './checksums';
import { emitObjectCreated } from './events';
import { uploadedBody, validateMetadata } from './uploads';
import { header, storedHeaders, userMetadata, xmlResponse, type S3Call } from './s3-call';
import type { MultipartUpload, ObjectVersion } from './store';

/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

function upload(call: S3Call): MultipartUpload {
  const uploadId = call.request.query.get('uploadId') ?? '';
  const found = call.store.uploads.get(uploadId);
  if (!found || found.bucket !== call.bucketName || found.key !== call.key) {
    throw new AwsError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { fields: { UploadId: uploadId } },
    );
  }
  return found;
}

export function createMultipartUpload(call: S3Call): AwsResponse {
  call.store.bucket(call.bucketName);
  const metadata = userMetadata(call);
  validateMetadata(metadata);
  const algorithm = header(call, 'x-amz-checksum-algorithm')?.toUpperCase();
  if (algorithm !== undefined && !(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new AwsError(
      'InvalidRequest',
      `Checksum algorithm provided is unsupported: ${algorithm}`,
      400,
    );
  }
  const uploadId = randomBytes(32).toString('base64url');
  call.store.uploads.set(uploadId, {
    uploadId,
    bucket: call.bucketName,
    key: call.key,
    initiated: call.context.now(),
    contentType: header(call, 'content-type') ?? 'binary/octet-stream',
    metadata,
    headers: storedHeaders(call),
    ...(algorithm !== undefined && { checksumAlgorithm: algorithm as ChecksumAlgorithm }),
    storageClass: header(call, 'x-amz-storage-class') ?? 'STANDARD',
    parts: new Map(),
  });
  return xmlResponse(
    'InitiateMultipartUploadResult',
    { Bucket: call.bucketName, Key: call.key, UploadId: uploadId },
    200,
    algorithm !== undefined ? { 'x-amz-checksum-algorithm': algorithm } : {},
  );
}

export function uploadPart(call: S3Call): AwsResponse {
  const target = upload(call);
  const partNumber = Number(call.request.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new AwsError(
      'InvalidArgument',
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
      400,
      {
        fields: {
          ArgumentName: 'partNumber',
          ArgumentValue: call.request.query.get('partNumber') ?? '',
        },
      },
    );
  }
  const { body, checksum } = uploadedBody(call);
  if (
    target.checksumAlgorithm !== undefined &&
    checksum !== undefined &&
    checksum.algorithm !== target.checksumAlgorithm
  ) {
    throw new AwsError(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${target.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${checksum.algorithm.toLowerCase()}`,
      400,
    );
  }
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  target.parts.set(partNumber, {
    partNumber,
    body,
    etag,
    lastModified: call.context.now(),
    ...(checksum && { checksum: checksum.value }),
  });
  return {
    status: 200,
    headers: { etag, ...(checksum && { [checksumHeader(checksum.algorithm)]: checksum.value }) },
  };
}

interface CompletedPart {
  readonly PartNumber?: string;
  readonly ETag?: string;
}

export function completeMultipartUpload(call: S3Call): AwsResponse {
  const target = upload(call);
  const bucket = call.store.bucket(call.bucketName);
  const document = parseXml(call.request.body)?.CompleteMultipartUpload as
    { Part?: CompletedPart | CompletedPart[] } | undefined;
  const requested = asArray(document?.Part);
  if (!document || requested.length === 0) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  let previous = 0;
  const parts = requested.map((entry) => {
    const partNumber = Number(entry.PartNumber);
    if (!Number.isInteger(partNumber) || partNumber <= previous) {
      throw new AwsError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        400,
      );
    }
    previous = partNumber;
    const part = target.parts.get(partNumber);
    if (!part || (entry.ETag ?? '').replace(/"/g, '') !== part.etag.replace(/"/g, '')) {
      throw new AwsError(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        {
          fields: { UploadId: target.uploadId, PartNumber: partNumber, ETag: entry.ETag ?? '' },
        },
      );
    }
    return part;
  });
  parts.slice(0, -1).forEach((part) => {
    if (part.body.length < MIN_PART_BYTES) {
      throw new AwsError(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        400,
        {
          fields: {
            ProposedSize: part.body.length,
            MinSizeAllowed: MIN_PART_BYTES,
            PartNumber: part.partNumber,
            ETag: part.etag,
          },
        },
      );
    }
  });

  const digests = Buffer.concat(
    parts.map((part) => Buffer.from(part.etag.replace(/"/g, ''), 'hex')),
  );
  const etag = `"${createHash('md5').update(digests).digest('hex')}-${parts.length}"`;
  const algorithm = target.checksumAlgorithm;
  const partChecksums = parts.map((part) => part.checksum);
  const checksum =
    algorithm !== undefined && partChecksums.every((value): value is string => value !== undefined)
      ? {
          algorithm,
          value: compositeChecksum(algorithm, partChecksums),
          type: 'COMPOSITE' as const,
        }
      : undefined;
  const version: ObjectVersion = {
    key: target.key,
    versionId: call.store.newVersionId(bucket),
    isDeleteMarker: false,
    body: Buffer.concat(parts.map((part) => part.body)),
    etag,
    lastModified: call.context.now(),
    contentType: target.contentType,
    metadata: target.metadata,
    headers: target.headers,
    ...(checksum && { checksum }),
    partSizes: parts.map((part) => part.body.length),
    storageClass: target.storageClass,
  };
  call.store.write(bucket, version);
  call.store.uploads.delete(target.uploadId);
  emitObjectCreated(
    call.context,
    bucket,
    version,
    call.store.nextSequencer(),
    'CompleteMultipartUpload',
    call.request.requestId,
  );
  return xmlResponse(
    'CompleteMultipartUploadResult',
    {
      Location: `${call.context.endpoint()}/${bucket.name}/${encodeURIComponent(target.key).replace(/%2F/g, '/')}`,
      Bucket: bucket.name,
      Key: target.key,
      ETag: etag,
      ...(checksum && {
        [`Checksum${checksum.algorithm}`]: checksum.value,
        ChecksumType: checksum.type,
      }),
    },
    200,
    bucket.versioning !== undefined ? { 'x-amz-version-id': version.versionId } : {},
  );
}

export function abortMultipartUpload(call: S3Call): AwsResponse {
  const target = upload(call);
  call.store.uploads.delete(target.uploadId);
  return { status: 204 };
}

export function listParts(call: S3Call): AwsResponse {
  const target = upload(call);
  const parts = [...target.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  return xmlResponse('ListPartsResult', {
    Bucket: target.bucket,
    Key: target.key,
    UploadId: target.uploadId,
    StorageClass: target.storageClass,
    IsTruncated: false,
    Part: parts.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: part.lastModified,
      ETag: part.etag,
      Size: part.body.length,
      ...(part.checksum !== undefined &&
        target.checksumAlgorithm && { [`Checksum${target.checksumAlgorithm}`]: part.checksum }),
    })),
  });
}
