/**
 * Requests signed with AWS Signature Version 4 for `execute-api`, as the marketplace's servers
 * sign their calls to the deployed API (the AWS SDK's signer, node's HTTP client with
 * keep-alive): POSTs of records, GETs of recommendations.
 */
import { Agent, request } from 'node:http';
import { executeApiSigner, type ExecuteApiCredentials } from '../../shared/execute-api-signer';

export interface SignedAnswer {
  readonly status: number;
  readonly body: string;
}

export type ApiCredentials = ExecuteApiCredentials;

export type SignedPost = (
  path: string,
  body: string,
  headers: Readonly<Record<string, string>>,
) => Promise<SignedAnswer>;

/** `path` as it goes on the wire (percent-encoded); the query's parameters apart, unencoded. */
export type SignedGet = (
  path: string,
  query?: Readonly<Record<string, string>>,
) => Promise<SignedAnswer>;

export interface SignedPoster {
  readonly post: SignedPost;
  readonly get: SignedGet;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** A poster for `baseUrl` (`http://127.0.0.1:<port>/api`), one keep-alive agent for all calls. */
export function signedPoster(baseUrl: string, credentials: ApiCredentials): SignedPoster {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const signer = executeApiSigner(credentials);
  const send = async (
    method: 'GET' | 'POST',
    path: string,
    query: Readonly<Record<string, string>>,
    body: string | undefined,
    headers: Readonly<Record<string, string>>,
  ): Promise<SignedAnswer> => {
    const fullPath = `${url.pathname.replace(/\/$/, '')}${path}`;
    // On the wire as the signer canonicalises it: each key and value escaped strictly (RFC 3986).
    const search = Object.entries(query)
      .map(([key, value]) => `${strictlyEscaped(key)}=${strictlyEscaped(value)}`)
      .join('&');
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: fullPath,
      query: { ...query },
      headers: { host: url.host, ...headers },
      ...(body !== undefined && { body }),
    });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path: search === '' ? fullPath : `${fullPath}?${search}`,
          headers: {
            ...signed.headers,
            ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
          },
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    post: (path, body, headers) => send('POST', path, {}, body, headers),
    get: (path, query = {}) => send('GET', path, query, undefined, {}),
    close: () => agent.destroy(),
  };
}

/** `encodeURIComponent`, and the four characters it leaves that RFC 3986 reserves. */
function strictlyEscaped(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
