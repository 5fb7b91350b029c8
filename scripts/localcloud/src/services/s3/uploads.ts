/**
 * What an upload carries once S3 has checked it: the object bytes (aws-chunked framing removed)
 * and the checksum the client sent, after every digest it sent (Content-MD5, x-amz-content-sha256,
 * x-amz-checksum-*) has been verified.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import { decodeAwsChunked } from './aws-chunked';
import {
  CHECKSUM_ALGORITHMS,
  checksumBase64,
  checksumHeader,
  type ChecksumAlgorithm,
} from './checksums';
import { header, type S3Call } from './s3-call';

/** S3 limits user metadata (names and values of x-amz-meta-*) to 2 KB. */
const MAX_METADATA_BYTES = 2048;
/** A single PUT may carry at most 5 GB. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** The object bytes of an upload, after removing aws-chunked framing and checking every digest sent. */
export function uploadedBody(call: S3Call): {
  body: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
} {
  let body = call.request.body;
  const trailerValues = new Map<string, string>();
  const encoding = header(call, 'content-encoding') ?? '';
  const contentSha = header(call, 'x-amz-content-sha256') ?? '';
  if (encoding.includes('aws-chunked') || contentSha.startsWith('STREAMING-')) {
    const decoded = decodeAwsChunked(body);
    body = decoded.data;
    decoded.trailers.forEach((value, name) => trailerValues.set(name, value));
    const declared = header(call, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== body.length) {
      throw new AwsError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
    }
  } else if (/^[0-9a-f]{64}$/.test(contentSha)) {
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== contentSha) {
      throw new AwsError(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        {
          fields: { ClientComputedContentSHA256: contentSha, S3ComputedContentSHA256: actual },
        },
      );
    }
  }

  const contentMd5 = header(call, 'content-md5');
  if (contentMd5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(contentMd5)) {
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
        fields: { 'Content-MD5': contentMd5 },
      });
    }
    if (createHash('md5').update(body).digest('base64') !== contentMd5) {
      throw new AwsError(
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
        400,
        {
          fields: { ExpectedDigest: contentMd5 },
        },
      );
    }
  }

  let checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = checksumHeader(algorithm);
    const sent = header(call, name) ?? trailerValues.get(name);
    if (sent === undefined) continue;
    const actual = checksumBase64(algorithm, body);
    if (actual !== sent) {
      throw new AwsError(
        'BadDigest',
        `The ${algorithm} you specified did not match the calculated checksum.`,
        400,
      );
    }
    checksum = { algorithm, value: sent };
  }
  return { body, ...(checksum && { checksum }) };
}

export function validateMetadata(metadata: Record<string, string>): void {
  const size = Object.entries(metadata).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
  if (size > MAX_METADATA_BYTES) {
    throw new AwsError(
      'MetadataTooLarge',
      'Your metadata headers exceed the maximum allowed metadata size.',
      400,
      {
        fields: { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES },
      },
    );
  }
}
