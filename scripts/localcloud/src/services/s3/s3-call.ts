import type { LocalCloudContext } from '../../core/context';
import { headerValue, type AwsRequest, type AwsResponse } from '../../core/request';
import type { SigV4Auth } from '../../core/sigv4';
import { xmlDocument, type XmlObject } from '../../core/xml';
import type { S3Store } from './store';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** One routed S3 request: which bucket and key it addresses, with what it needs to answer. */
export interface S3Call {
  readonly request: AwsRequest;
  readonly auth: SigV4Auth;
  readonly store: S3Store;
  readonly context: LocalCloudContext;
  readonly bucketName: string;
  /** Decoded object key; '' for bucket-level requests. */
  readonly key: string;
}

export function header(call: S3Call, name: string): string | undefined {
  return headerValue(call.request, name);
}

export function xmlResponse(
  root: string,
  content: XmlObject,
  status = 200,
  headers: Record<string, string> = {},
): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: xmlDocument(root, S3_NAMESPACE, content),
  };
}

/** `x-amz-meta-*` headers, lower-cased names without the prefix, as S3 stores them. */
export function userMetadata(call: S3Call): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return metadata;
}

/** Standard object headers S3 stores and returns unchanged. */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

export function storedHeaders(call: S3Call): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = header(call, name);
    // aws-chunked is a transfer framing, not part of the object's encoding.
    if (name === 'content-encoding' && value !== undefined) {
      value = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '' && part !== 'aws-chunked')
        .join(',');
      if (value === '') value = undefined;
    }
    if (value !== undefined) stored[name] = value;
  }
  return stored;
}
