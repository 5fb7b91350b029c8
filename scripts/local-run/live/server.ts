/**
 * The live dashboard's web server, on 127.0.0.1 only: the page, its script, and a server-sent
 * event stream that pushes fresh panels to every open page. Requests whose Host is not this
 * server's own address are refused (a page elsewhere cannot reach it through DNS rebinding), and
 * every answer carries the page's Content-Security-Policy and no-store.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIVE_PAGE_SCRIPT, PANELS_EVENT } from './browser-script';
import { LIVE_CONTENT_SECURITY_POLICY, LIVE_EVENTS_PATH, LIVE_SCRIPT_PATH } from './page';

/** How long a disconnected page waits before it reconnects. */
const RECONNECT_MS = 2_000;
/** A comment line this often keeps idle proxies and the browser from dropping the stream. */
const KEEP_ALIVE_MS = 15_000;
/** Open pages at most: each holds a connection and gets every update. */
export const MAX_STREAMS = 32;
/** What a page may leave unread (about 30 updates) before it is dropped. */
export const MAX_UNREAD_BYTES = 512 * 1024;

export interface LiveServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Sends fresh panels to every open page (and to pages that connect later). */
  publish(panels: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

export interface LiveServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The whole page, drawn from the latest snapshot. */
  page(): string;
}

const COMMON_HEADERS = {
  'Content-Security-Policy': `${LIVE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const streams = new Set<ServerResponse>();
  let latest: string | undefined;
  let port = 0;

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    if (!fromThisServer(request, port)) return plain(response, 421, 'Misdirected request');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    // The three paths are compared as text: a request target is never parsed as a URL, so an
    // odd one (`//[`, an absolute form) is only a path that is not one of them.
    const path = (request.url ?? '').split('?', 1)[0];
    if (path === '/') return send(response, 'text/html; charset=utf-8', options.page());
    if (path === LIVE_SCRIPT_PATH)
      return send(response, 'text/javascript; charset=utf-8', LIVE_PAGE_SCRIPT);
    if (path === LIVE_EVENTS_PATH) return openStream(request, response);
    plain(response, 404, 'Not found');
  };
  const openStream = (request: IncomingMessage, response: ServerResponse): void => {
    if (streams.size >= MAX_STREAMS) return plain(response, 503, 'Too many open pages');
    response.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    if (request.method === 'HEAD') return void response.end();
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    if (latest !== undefined) response.write(latest);
    streams.add(response);
    request.on('close', () => streams.delete(response));
  };
  const server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch {
      // Nothing a request sends may stop the server (and the platform running beside it).
      if (!response.headersSent) plain(response, 500, 'Internal error');
      else response.destroy();
    }
  });
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    publish(panels) {
      // One event, one line of JSON: a panel's newlines cannot end the event early.
      latest = `event: ${PANELS_EVENT}\ndata: ${JSON.stringify(panels)}\n\n`;
      for (const stream of streams) {
        // A page that stopped reading (a suspended tab) is dropped rather than buffered for:
        // it reconnects when it wakes and gets the latest panels at once.
        if (stream.writableLength > MAX_UNREAD_BYTES) {
          streams.delete(stream);
          stream.destroy();
        } else stream.write(latest);
      }
    },
    async close() {
      clearInterval(keepAlive);
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Only `127.0.0.1:<port>` or `localhost:<port>`: the names this server is reached by. */
function fromThisServer(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function send(response: ServerResponse, contentType: string, body: string): void {
  response.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function plain(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
  });
  response.end(`${message}\n`);
}
