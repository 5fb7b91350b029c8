/** How S3 answers reads: one byte range, conditional headers, and response header overrides. */
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
