/**
 * The stage's access log: one JSON line per request with the fields, in the order, of the CDK's
 * `AccessLogFormat.jsonWithStandardFields()`. Every value is a string, as the format quotes each
 * `$context` variable, and an empty variable logs as `-`, as API Gateway writes it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

export interface AccessLogEntry {
  readonly requestId: string;
  readonly ip: string;
  readonly user: string | null;
  readonly caller: string | null;
  readonly requestTime: string;
  readonly httpMethod: string;
  /** Unknown for a request that matched no resource. */
  readonly resourcePath: string | null;
  readonly status: number;
  readonly protocol: string;
  /** Bytes of the response body. */
  readonly responseLength: number;
}

export function accessLogLine(entry: AccessLogEntry): string {
  return `${JSON.stringify({
    requestId: entry.requestId,
    ip: entry.ip,
    user: entry.user ?? '-',
    caller: entry.caller ?? '-',
    requestTime: entry.requestTime,
    httpMethod: entry.httpMethod,
    resourcePath: entry.resourcePath ?? '-',
    status: String(entry.status),
    protocol: entry.protocol,
    responseLength: String(entry.responseLength),
  })}\n`;
}

/** Appends through one buffered stream: writes never wait on the disk in the request's path. */
export class AccessLog {
  private readonly stream: WriteStream;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a' });
  }

  write(entry: AccessLogEntry): void {
    this.stream.write(accessLogLine(entry));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
