/**
 * The baseline: the fastest plain copy the same servers allow. One presigned GET (fetch), its
 * body piped as a stream into one Shared Key Put Blob (node:http) of the same length. No SDK,
 * no ranges, no hashing in the copying process: what is left is the servers and the pipe.
 */
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { sharedKeyAuthorization } from './shared-key';

export interface RawCopyInput {
  readonly sourceUrl: string;
  readonly targetUrl: string;
  readonly accountName: string;
  readonly accountKey: string;
  readonly sizeBytes: number;
}

/** Service version of the hand-built request. */
const AZURE_STORAGE_VERSION = '2025-01-05';

/** Copies the object; resolves with the bytes written once the Put Blob answered 201. */
export async function rawCopy(input: RawCopyInput): Promise<number> {
  const response = await fetch(input.sourceUrl);
  if (!response.ok || !response.body)
    throw new Error(`GET of the source answered ${response.status}`);
  const url = new URL(input.targetUrl);
  const headers: Record<string, string> = {
    'content-length': String(input.sizeBytes),
    'content-type': 'application/octet-stream',
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-date': new Date().toUTCString(),
    'x-ms-version': AZURE_STORAGE_VERSION,
  };
  headers.authorization = sharedKeyAuthorization(
    { method: 'PUT', url, headers },
    input.accountName,
    input.accountKey,
  );
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  const put = httpRequest(url, { method: 'PUT', headers });
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    put.once('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
      incoming.once('error', reject);
    });
    put.once('error', reject);
  });
  await pipeline(body, put);
  const { status, text } = await answered;
  if (status !== 201) throw new Error(`Put Blob answered ${status}: ${text.slice(0, 300)}`);
  return input.sizeBytes;
}
