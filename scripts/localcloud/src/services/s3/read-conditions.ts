/** How S3 answers reads: one byte range or part, conditional headers, and response header overrides. */
import { AwsError } from '../../core/aws-error';
import { header, type S3Call } from './s3-call';
import type { ObjectVersion } from './store';

/** Query parameters of a (presigned) GET that override response headers. */
export const RESPONSE_OVERRIDES = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
] as const;

/**
 * `bytes=a-b`, `bytes=a-`, `bytes=-n`. S3 serves one range; a header it cannot parse, or a
 * multi-range request, is ignored and the whole object is returned.
 */
export function parseRange(
  value: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw invalidRange(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return undefined;
  }
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

const MAX_PART_NUMBER = 10_000;

/** The bytes of one part, and the part count to report (multipart objects only). */
export interface PartRead {
  readonly start: number;
  readonly end: number;
  readonly partsCount?: number;
}

/**
 * `?partNumber=N` on GET/HEAD: that part's bytes of a multipart object; an object uploaded in
 * one piece is one part. `x-amz-mp-parts-count` belongs to these reads only: S3 documents
 * PartsCount as returned only when partNumber is asked for and the object is multipart.
 */
export function partRead(call: S3Call, version: ObjectVersion): PartRead | undefined {
  const raw = call.request.query.get('partNumber');
  if (raw === undefined) return undefined;
  const partNumber = Number(raw);
  if (!/^\d+$/.test(raw) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new AwsError(
      'InvalidArgument',
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
      400,
      { fields: { ArgumentName: 'partNumber', ArgumentValue: raw } },
    );
  }
  if (header(call, 'range') !== undefined) {
    throw new AwsError(
      'InvalidRequest',
      'Cannot specify both Range header and partNumber query parameter',
      400,
    );
  }
  const sizes = version.partSizes ?? [version.body.length];
  const size = sizes[partNumber - 1];
  if (size === undefined) {
    throw new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, {
      fields: { PartNumberRequested: partNumber, ActualPartCount: sizes.length },
    });
  }
  // An empty object has no byte to address; it is served whole.
  if (version.body.length === 0) return undefined;
  const start = sizes.slice(0, partNumber - 1).reduce((sum, partSize) => sum + partSize, 0);
  return {
    start,
    end: start + size - 1,
    ...(version.partSizes && { partsCount: version.partSizes.length }),
  };
}

function invalidRange(size: number): AwsError {
  return new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
    fields: { RangeRequested: 'bytes', ActualObjectSize: size },
    headers: { 'content-range': `bytes */${size}` },
  });
}

/** Returns true when the client's cached copy is current (304); throws 412 on a failed If-Match. */
export function checkReadPreconditions(call: S3Call, version: ObjectVersion): boolean {
  const ifMatch = header(call, 'if-match');
  const ifNoneMatch = header(call, 'if-none-match');
  const ifModifiedSince = parseHttpDate(header(call, 'if-modified-since'));
  const ifUnmodifiedSince = parseHttpDate(header(call, 'if-unmodified-since'));
  const modified = Math.floor(version.lastModified.getTime() / 1000) * 1000;
  const failed = () =>
    new AwsError(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        fields: { Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since' },
      },
    );
  if (ifMatch !== undefined && !etagMatches(ifMatch, version.etag)) throw failed();
  if (
    ifMatch === undefined &&
    ifUnmodifiedSince !== undefined &&
    modified > ifUnmodifiedSince.getTime()
  )
    throw failed();
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, version.etag);
  return ifModifiedSince !== undefined && modified <= ifModifiedSince.getTime();
}

export function etagMatches(condition: string, etag: string): boolean {
  return condition
    .split(',')
    .map((candidate) => candidate.trim())
    .some(
      (candidate) => candidate === '*' || candidate.replace(/"/g, '') === etag.replace(/"/g, ''),
    );
}

function parseHttpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
