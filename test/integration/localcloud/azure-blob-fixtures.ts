import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobServiceClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { LocalCloud } from '@hybrid-lake/localcloud';

/** A Blob service client on the emulator; one try unless a test wants the SDK's retries. */
export function blobService(cloud: LocalCloud, maxTries = 1): BlobServiceClient {
  return new BlobServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
    { retryOptions: { maxTries, retryDelayInMs: 10, maxRetryDelayInMs: 20 } },
  );
}

export async function failureOf(action: Promise<unknown>): Promise<RestError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof RestError) return error;
    throw error;
  }
  throw new Error('the request succeeded');
}

/** A plain HTTP server standing in for a copy source; it honours single byte ranges. */
export interface SourceServer {
  readonly url: string;
  readonly requests: { path: string; range?: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export type SourceHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function serveBytes(content: Buffer, contentType = 'text/plain'): SourceHandler {
  return (request, response) => {
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const headers = {
      'content-type': contentType,
      etag: '"source-v1"',
      'last-modified': new Date(0).toUTCString(),
    };
    if (!range) {
      response.writeHead(200, { ...headers, 'content-length': content.length });
      response.end(content);
      return;
    }
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), content.length - 1) : content.length - 1;
    const slice = content.subarray(start, end + 1);
    response.writeHead(206, {
      ...headers,
      'content-length': slice.length,
      'content-range': `bytes ${start}-${end}/${content.length}`,
    });
    response.end(slice);
  };
}

export async function startSource(handler: SourceHandler): Promise<SourceServer> {
  const requests: SourceServer['requests'] = [];
  const server = createServer((request, response) => {
    requests.push({
      path: request.url ?? '/',
      range: request.headers.range,
      headers: request.headers,
    });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
