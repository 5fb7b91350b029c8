/** Get Blob and Get Blob Properties, with ranges and conditional headers. */
import { AzureError } from '../azure-error';
import { header, type AzureRequest, type AzureResponse } from '../azure-request';
import type { PathEntry } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { blobPropertyHeaders, md5Of } from './blob-headers';
import { checkReadConditions } from './conditions';
import { blobNotFound, invalidHeaderValue } from './errors';

/** The service computes a range's MD5 only for ranges up to 4 MiB. */
const RANGE_MD5_LIMIT = 4 * 1024 * 1024;

export function existingBlob(call: AzureCall): PathEntry {
  const container = call.namespace.container(call.request.container, 'blob');
  const entry = call.namespace.entry(container, call.request.path);
  if (!entry) throw blobNotFound();
  return entry;
}

function invalidRange(size: number): AzureError {
  return new AzureError(
    'InvalidRange',
    'The range specified is invalid for the current size of the resource.',
    416,
    { headers: { 'content-range': `bytes */${size}` } },
  );
}

/**
 * `x-ms-range` wins over `Range`. `bytes=a-b` and `bytes=a-` are served; a value the service
 * cannot read is ignored and the whole blob returned, as HTTP allows.
 */
function requestedRange(
  request: AzureRequest,
  size: number,
): { start: number; end: number } | undefined {
  const value = header(request, 'x-ms-range') ?? header(request, 'range');
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  const last = match[2] === '' || match[2] === undefined ? undefined : Number(match[2]);
  if (last !== undefined && last < start) return undefined;
  if (start >= size) throw invalidRange(size);
  return { start, end: Math.min(last ?? size - 1, size - 1) };
}

function notModified(entry: PathEntry): AzureResponse {
  return {
    status: 304,
    headers: {
      'x-ms-error-code': 'ConditionNotMet',
      etag: entry.etag,
      'last-modified': blobPropertyHeaders(entry)['last-modified'] ?? '',
    },
  };
}

function md5Headers(entry: PathEntry): Record<string, string> {
  return entry.properties.contentMd5 !== undefined
    ? { 'content-md5': entry.properties.contentMd5 }
    : {};
}

export const getBlob: AzureOperation = {
  name: 'GetBlob',
  api: 'blob',
  permission: 'r',
  handle(call: AzureCall) {
    const entry = existingBlob(call);
    if (checkReadConditions(call.request, entry)) return notModified(entry);
    const { content } = entry;
    const range = requestedRange(call.request, content.length);
    const wantsRangeMd5 = header(call.request, 'x-ms-range-get-content-md5') === 'true';
    if (wantsRangeMd5 && (!range || range.end - range.start + 1 > RANGE_MD5_LIMIT)) {
      throw invalidHeaderValue('x-ms-range-get-content-md5', 'true');
    }
    const headers = blobPropertyHeaders(entry);
    if (!range) {
      return {
        status: 200,
        headers: { ...headers, ...md5Headers(entry), 'content-length': content.length },
        body: content,
      };
    }
    const slice = content.subarray(range.start, range.end + 1);
    const rangeHeaders: Record<string, string | number> = {
      ...headers,
      'content-length': slice.length,
      'content-range': `bytes ${range.start}-${range.end}/${content.length}`,
    };
    if (wantsRangeMd5) rangeHeaders['content-md5'] = md5Of(slice);
    if (entry.properties.contentMd5 !== undefined)
      rangeHeaders['x-ms-blob-content-md5'] = entry.properties.contentMd5;
    return { status: 206, headers: rangeHeaders, body: slice };
  },
};

export const getBlobProperties: AzureOperation = {
  name: 'GetBlobProperties',
  api: 'blob',
  permission: 'r',
  handle(call: AzureCall) {
    const entry = existingBlob(call);
    if (checkReadConditions(call.request, entry)) return notModified(entry);
    return {
      status: 200,
      headers: {
        ...blobPropertyHeaders(entry),
        ...md5Headers(entry),
        'content-length': entry.content.length,
        'x-ms-access-tier': 'Hot',
        'x-ms-access-tier-inferred': 'true',
      },
    };
  },
};
