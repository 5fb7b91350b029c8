/**
 * The live dashboard's server over real HTTP: the page, its script and the event stream, each
 * under the page's policy; anything else refused, including a request for another host name
 * (DNS rebinding).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { LIVE_PAGE_SCRIPT, PANELS_EVENT } from '../../../../scripts/local-run/live/browser-script';
import { LIVE_CONTENT_SECURITY_POLICY } from '../../../../scripts/local-run/live/page';
import {
  MAX_STREAMS,
  MAX_UNREAD_BYTES,
  startLiveServer,
  type LiveServer,
} from '../../../../scripts/local-run/live/server';

let server: LiveServer;
const PAGE = '<!doctype html><title>live</title>';

beforeAll(async () => {
  server = await startLiveServer({ port: 0, page: () => PAGE });
});
afterAll(() => server.close());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with the given method and Host header; the body as text. */
function get(path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      { method: options.method ?? 'GET', headers: { host: options.host ?? url.host } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

/** Opens the event stream and resolves with what arrived once `until` holds. */
function stream(until: (text: string) => boolean, onOpen?: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const sent = request(new URL('/events', server.url), (response) => {
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      let text = '';
      onOpen?.();
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (until(text)) {
          sent.destroy();
          resolve(text);
        }
      });
    });
    sent.on('error', (error) => {
      if (!sent.destroyed) reject(error);
    });
    sent.end();
  });
}

it('listens on 127.0.0.1 only', () => {
  expect(new URL(server.url).hostname).toBe('127.0.0.1');
});

it('serves the page and its script under the policy, never cached', async () => {
  const page = await get('/');
  const script = await get('/live.js');

  expect(page).toMatchObject({ status: 200, body: PAGE });
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(script).toMatchObject({ status: 200, body: LIVE_PAGE_SCRIPT });
  expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  for (const answer of [page, script]) {
    expect(answer.headers['content-security-policy']).toBe(
      `${LIVE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    );
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-store');
  }
});

it('answers HEAD without a body', async () => {
  const head = await get('/', { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(head.body).toBe('');
  expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(PAGE));
});

it.each([
  ['another host name', '/', { host: 'attacker.example:80' }, 421],
  ['its own port under another name', '/', { host: 'rebound.example:<port>' }, 421],
  ['a write', '/', { method: 'POST' }, 405],
  ['an unknown path', '/../etc/passwd', {}, 404],
  ['a path outside the three', '/favicon.ico', {}, 404],
])('refuses %s', async (_, path, options: { method?: string; host?: string }, status) => {
  const host = options.host?.replace('<port>', new URL(server.url).port);
  const answer = await get(path, { ...options, ...(host !== undefined && { host }) });
  expect(answer.status).toBe(status);
  expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
});

it('accepts localhost as its own name', async () => {
  const port = new URL(server.url).port;
  expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
});

it('pushes published panels to an open stream as one event, and the latest to a new one', async () => {
  const hostile = '<b>two\nlines</b>\n\ndata: forged';
  const received = stream(
    (text) => text.includes(`event: ${PANELS_EVENT}`),
    () => setImmediate(() => server.publish({ summary: hostile })),
  );
  const text = await received;
  const event = text.slice(text.indexOf(`event: ${PANELS_EVENT}`));
  const [eventLine, dataLine, ...rest] = event.split('\n');

  expect(text.startsWith('retry: ')).toBe(true);
  expect(eventLine).toBe(`event: ${PANELS_EVENT}`);
  expect(JSON.parse(dataLine!.slice('data: '.length))).toEqual({ summary: hostile });
  // The panel's own blank lines cannot end the event early or forge a field.
  expect(rest.join('\n')).toBe('\n');

  const late = await stream((seen) => seen.includes(`event: ${PANELS_EVENT}`));
  expect(late).toContain(JSON.stringify({ summary: hostile }));
});

/** Sends `head` (the request line and headers) over a raw socket; the status line that comes back. */
function raw(head: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${head}\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(text.slice(0, text.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

describe('odd requests', () => {
  const host = () => `Host: 127.0.0.1:${new URL(server.url).port}`;

  it.each([
    ['a target that is no URL', `GET //[ HTTP/1.1\r\n${'<host>'}`, 'HTTP/1.1 404 Not Found'],
    ['an absolute-form target', `GET http://[ HTTP/1.1\r\n${'<host>'}`, 'HTTP/1.1 404 Not Found'],
    ['no Host at all', 'GET / HTTP/1.0', 'HTTP/1.1 421 Misdirected Request'],
  ])('answers %s, and goes on serving', async (_, head, status) => {
    expect(await raw(head.replace('<host>', host()))).toBe(status);
    expect((await get('/')).status).toBe(200);
  });

  it('answers HEAD on the stream without keeping it open', async () => {
    const head = await get('/events', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(head.body).toBe('');
  });
});

describe('pages that do not read', () => {
  it('drops a page that leaves its updates unread, and keeps serving the others', async () => {
    const { port } = new URL(server.url);
    // A socket that asks for the stream, takes its first bytes and then never reads again: its
    // unread updates pile up server-side.
    const stalled = connect(Number(port), '127.0.0.1', () =>
      stalled.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    );
    const closed = new Promise<void>((resolve) => stalled.on('close', () => resolve()));
    await new Promise<void>((resolve) =>
      stalled.once('data', () => {
        stalled.pause();
        resolve();
      }),
    );
    const panel = 'x'.repeat(64 * 1024);
    for (let update = 0; update * panel.length < 4 * MAX_UNREAD_BYTES; update += 1)
      server.publish({ summary: `${update}${panel}` });
    stalled.resume();
    stalled.on('data', () => undefined);
    await closed;

    expect((await get('/')).status).toBe(200);
  });

  it('refuses pages past the most it serves at once', async () => {
    const opened = await Promise.all(
      Array.from(
        { length: MAX_STREAMS },
        () =>
          new Promise<ReturnType<typeof request>>((resolve, reject) => {
            const sent = request(new URL('/events', server.url), () => resolve(sent));
            sent.on('error', reject);
            sent.end();
          }),
      ),
    );
    try {
      expect((await get('/events')).status).toBe(503);
    } finally {
      for (const sent of opened) sent.destroy();
    }
  });
});
