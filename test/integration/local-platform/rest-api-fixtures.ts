/**
 * Clients of the local REST API for its tests: raw HTTP (the path goes on the wire exactly as
 * written), SigV4 signing with the AWS SDK's signer, and curl's own `--aws-sigv4` as a second,
 * independent signer. Plus the API the tests serve: the platform's three methods on stage `api`.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { executeApiSigner } from '../../../scripts/shared/execute-api-signer';
import type { RestApiRoute } from '../../../scripts/local-platform/rest-api';

export const STAGE = 'api';

/** The platform's methods, each integrated with the fixture handler `api-proxy`. */
export function platformRoutes(functionName: string): RestApiRoute[] {
  return [
    { method: 'POST', resourcePath: '/v1/transactions', functionName, authorization: 'AWS_IAM' },
    {
      method: 'POST',
      resourcePath: '/v1/user-interactions',
      functionName,
      authorization: 'AWS_IAM',
    },
    {
      method: 'GET',
      resourcePath: '/v1/recommendations/{user_id}',
      functionName,
      authorization: 'AWS_IAM',
    },
  ];
}

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Call {
  readonly method?: string;
  /** Sent as written: `/api/v1/recommendations/a%20b?x=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** One request over a fresh connection, the path untouched by any URL parser. */
export function call(
  port: number,
  { method = 'GET', path, headers = {}, body }: Call,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface Signer {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Signs with `@smithy/signature-v4` for `execute-api`, as an SDK client would: the path as it
 * goes on the wire (the signer encodes it once more), the query decoded into its map.
 */
export async function signedCall(port: number, signer: Signer, target: Call): Promise<Answer> {
  const queryAt = target.path.indexOf('?');
  const path = queryAt === -1 ? target.path : target.path.slice(0, queryAt);
  const query: Record<string, string | string[]> = {};
  if (queryAt !== -1)
    for (const [key, value] of new URLSearchParams(target.path.slice(queryAt + 1))) {
      const seen = query[key];
      query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
  const sigv4 = executeApiSigner(signer);
  const signed = await sigv4.sign({
    method: target.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path,
    query,
    headers: { host: `127.0.0.1:${port}`, ...target.headers },
    ...(target.body !== undefined && { body: target.body }),
  });
  // On the wire as the SDK's HTTP handler writes it: each key and value escaped, in order.
  const wireQuery = Object.entries(query)
    .flatMap(([key, values]) =>
      (Array.isArray(values) ? values : [values]).map((value) => `${escape(key)}=${escape(value)}`),
    )
    .join('&');
  return call(port, {
    ...target,
    path: wireQuery === '' ? path : `${path}?${wireQuery}`,
    headers: signed.headers,
  });
}

function escape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const execFileAsync = promisify(execFile);

/** The same request signed by curl (`--aws-sigv4 aws:amz:<region>:execute-api`). */
export async function curlCall(port: number, signer: Signer, target: Call): Promise<Answer> {
  const args = [
    '--silent',
    '--include',
    '--aws-sigv4',
    `aws:amz:${signer.region}:execute-api`,
    '--user',
    `${signer.accessKeyId}:${signer.secretAccessKey}`,
    '--request',
    target.method ?? 'GET',
    ...Object.entries(target.headers ?? {}).flatMap(([name, value]) => [
      '--header',
      `${name}: ${value}`,
    ]),
    ...(target.body !== undefined ? ['--data-binary', target.body.toString()] : []),
    `http://127.0.0.1:${port}${target.path}`,
  ];
  const { stdout } = await execFileAsync('curl', args);
  const split = stdout.indexOf('\r\n\r\n');
  const head = stdout.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(head[0]!.split(' ')[1]), headers, body: stdout.slice(split + 4) };
}

export function messageOf(answer: Answer): string {
  return (JSON.parse(answer.body) as { message: string }).message;
}
