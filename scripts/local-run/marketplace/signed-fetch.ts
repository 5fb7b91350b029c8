/**
 * POSTs signed with AWS Signature Version 4 for `execute-api`, as the marketplace's servers sign
 * their calls to the deployed API (the AWS SDK's signer, node's HTTP client with keep-alive).
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

export interface SignedPoster {
  readonly post: SignedPost;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** A poster for `baseUrl` (`http://127.0.0.1:<port>/api`), one keep-alive agent for all calls. */
export function signedPoster(baseUrl: string, credentials: ApiCredentials): SignedPoster {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const signer = executeApiSigner(credentials);
  const post: SignedPost = async (path, body, headers) => {
    const fullPath = `${url.pathname.replace(/\/$/, '')}${path}`;
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: fullPath,
      headers: { host: url.host, ...headers },
      body,
    });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: fullPath,
          headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) },
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
  return { post, close: () => agent.destroy() };
}
