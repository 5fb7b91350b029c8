import type { IncomingHttpHeaders } from 'node:http';

/** An incoming Azure Storage request, read in full and addressed Azurite-style. */
export interface AzureRequest {
  readonly method: string;
  /** Path as sent, percent-encoded: `/devstoreaccount1/container/dir/file`. */
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Query parameters, percent-decoded, names as sent. */
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly requestId: string;
  readonly account: string;
  /** Container (Blob) / file system (DFS); '' for account-level requests. */
  readonly container: string;
  /** Blob name / path inside the container, decoded, without a leading '/'; '' if none. */
  readonly path: string;
}

export interface AzureResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: Buffer | string;
}

export function header(request: AzureRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Azure's HTTP dates: RFC 1123. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
