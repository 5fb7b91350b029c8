/**
 * Reading the source of Put Blob From URL and Put Block From URL: the service itself fetches
 * the URL (any http(s) URL the emulator can reach, typically an S3 presigned GET). A source that
 * answers an error fails the operation with CannotVerifyCopySource and the source's status, and
 * nothing is written.
 */
import { AzureError } from '../azure-error';
import { header, type AzureRequest } from '../azure-request';
import { sourceConditionHeaders, sourceConditionsMet } from './conditions';
import { invalidHeaderValue, missingHeader, requestBodyTooLarge } from './errors';

export interface SourceBytes {
  readonly content: Buffer;
  readonly headers: Headers;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive; undefined = to the end of the source. */
  readonly end?: number;
}

function sourceConditionNotMet(): AzureError {
  return new AzureError(
    'SourceConditionNotMet',
    'The source condition specified using HTTP conditional header(s) is not met.',
    412,
  );
}

function cannotVerify(status: number, errorCode: string, errorMessage: string): AzureError {
  const message =
    status === 404
      ? 'The specified resource does not exist.'
      : status === 403
        ? 'This request is not authorized to perform this operation.'
        : 'Could not verify the copy source within the specified time.';
  return new AzureError('CannotVerifyCopySource', message, status, {
    details: {
      CopySourceStatusCode: String(status),
      CopySourceErrorCode: errorCode,
      CopySourceErrorMessage: errorMessage,
    },
    headers: {
      'x-ms-copy-source-status-code': String(status),
      'x-ms-copy-source-error-code': errorCode,
    },
  });
}

/** The error code an Azure (`x-ms-error-code`) or S3 (`<Code>` in XML) source sent. */
async function sourceError(response: Response): Promise<{ code: string; message: string }> {
  const text = await response.text().catch(() => '');
  const code =
    response.headers.get('x-ms-error-code') ?? /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? response.statusText;
  return { code, message };
}

export function sourceUrlOf(request: AzureRequest): URL {
  const value = header(request, 'x-ms-copy-source');
  if (value === undefined) throw missingHeader('x-ms-copy-source');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidHeaderValue('x-ms-copy-source', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidHeaderValue('x-ms-copy-source', value);
  return url;
}

/** Fetches the source (or one range of it), refusing more than `maxBytes`. */
export async function fetchSource(
  request: AzureRequest,
  range: ByteRange | undefined,
  maxBytes: number,
): Promise<SourceBytes> {
  const url = sourceUrlOf(request);
  const headers: Record<string, string> = sourceConditionHeaders(request);
  const authorization = header(request, 'x-ms-copy-source-authorization');
  if (authorization !== undefined) headers.authorization = authorization;
  if (range) headers.range = `bytes=${range.start}-${range.end ?? ''}`;
  const abort = new AbortController();
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: abort.signal });
  } catch (error) {
    throw cannotVerify(500, '', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 304 || response.status === 412) {
    abort.abort();
    throw sourceConditionNotMet();
  }
  if (!response.ok) {
    const { code, message } = await sourceError(response);
    throw cannotVerify(response.status, code, message);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    abort.abort();
    throw requestBodyTooLarge(maxBytes);
  }
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag !== null && lastModified !== null) {
    const validators = { etag, lastModified: new Date(lastModified) };
    if (!sourceConditionsMet(request, validators)) {
      abort.abort();
      throw sourceConditionNotMet();
    }
  }
  let content = Buffer.from(await response.arrayBuffer());
  // A source that ignores Range answers 200 with everything: take the range here.
  if (range && response.status === 200) {
    content = content.subarray(range.start, range.end === undefined ? undefined : range.end + 1);
  }
  if (content.length > maxBytes) throw requestBodyTooLarge(maxBytes);
  return { content, headers: response.headers };
}

/** `x-ms-source-range: bytes=start-end` (end inclusive) or `bytes=start-`. */
export function sourceRangeOf(request: AzureRequest): ByteRange | undefined {
  const value = header(request, 'x-ms-source-range');
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!match) throw invalidHeaderValue('x-ms-source-range', value);
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : undefined;
  if (end !== undefined && end < start) throw invalidHeaderValue('x-ms-source-range', value);
  return end === undefined ? { start } : { start, end };
}
