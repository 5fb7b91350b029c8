/**
 * The shop's web server logs as the raw zone receives them: lines wrapped as `{"raw_line": …}`,
 * which the clean job parses. Requests come from the producer's web-log generator (visitors,
 * pages, statuses, sizes); a line is written at whole seconds, as nginx's `$time_local` does,
 * because that is the time format the clean job's parser reads.
 *
 * Most lines are the shop's nginx, in the combined log format. A share comes from a legacy
 * Apache server still in service, which writes the common log format (CLF) the way the NASA
 * logs of 1995 have it: host names as clients (HostnameLookups), local time at -0400, `-` for a
 * response without a body, and now and then a request without a protocol (HTTP/0.9). A few
 * paths are not ASCII: nginx writes their bytes escaped (`\xC3\xA9`), the legacy server as
 * received. A few lines arrive garbled the ways real logs do: cut off, a TLS handshake sent to
 * the plain HTTP port, a status no server sends, an address that is not one, a forwarded-for
 * chain where the client belongs, a clock that is not one, a field the format does not have.
 */
import { createHash } from 'node:crypto';
import { GENERATORS, type GeneratedRecord } from '../produce-events/generators';
import type { LoggedRequest } from '../produce-events/generators/web-logs';
import { LOG_MONTHS, RAW_LINE_FIELD } from '../../lambdas/traffic-monitor/log-line';
import type { Random } from '../produce-events/random';
import type { World } from '../produce-events/world';
import { MINUTE_MS } from './day-times';
import { chooseSpoiled, spoiledCount, type Draft } from './drafts';
import type { WebLog } from './records';
import { DIRTY_SHARE, MIN_DIRTY } from './stream-datasets';

export { RAW_LINE_FIELD };
/** Fresh draws tried before giving up on a line identical to an earlier one. */
const MAX_REDRAWS = 20;

/** The request of one log line, before it is written out (the producer's shape). */
export type Request = LoggedRequest;

/** The legacy server's clock: US Eastern daylight time, as the NASA logs of July 1995. */
export const LEGACY_OFFSET_MINUTES = -240;
/** Share of the day's ordinary requests that the legacy server logs, in CLF. */
export const LEGACY_SHARE = 0.04;
/** Share of the legacy server's GET requests that came without a protocol (HTTP/0.9). */
export const WITHOUT_PROTOCOL_SHARE = 0.1;
/** Share of ordinary requests for a page whose address is not ASCII. */
export const NON_ASCII_SHARE = 0.01;
/** Pages with accented names (NFC), as a shopper's browser sends them when it does not encode. */
export const NON_ASCII_PATHS = [
  '/guides/café-crème',
  '/guides/crème-brûlée',
  '/guides/jalapeño-salsa',
  '/guides/smørrebrød',
  '/guides/façade-lights',
];

/**
 * `02/Mar/2026:20:15:01 +0000`: log-format local time at `offsetMinutes` from UTC (nginx here
 * logs UTC). `hour` replaces the hour, for a clock that is not one.
 */
export function logTime(epochMs: number, hour?: string, offsetMinutes = 0): string {
  const at = new Date(epochMs + offsetMinutes * MINUTE_MS);
  const two = (value: number) => String(value).padStart(2, '0');
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offsetMinutes) / 60))}${two(Math.abs(offsetMinutes) % 60)}`;
  return `${two(at.getUTCDate())}/${LOG_MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${hour ?? two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} ${offset}`;
}

/**
 * How nginx writes a request target: every byte that is not printable ASCII, and the quote and
 * backslash, as `\xHH` (upper case), which the clean job decodes back to UTF-8.
 */
export function nginxEscaped(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      byte < 0x20 || byte > 0x7e || byte === 0x22 || byte === 0x5c
        ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte),
    )
    .join('');
}

export function combinedLine(request: Request, epochMs: number): string {
  return `${request.clientIp} - - [${logTime(epochMs)}] "${request.method} ${nginxEscaped(request.url)} HTTP/1.1" ${request.status} ${request.bytesSent} "${request.referrer}" "${request.userAgent}"`;
}

/**
 * The legacy server's line for `request`, whose client is a host name: CLF, local time at
 * -0400, `-` for no body (Apache's `%b`), the path as received, and the protocol only when
 * the client sent one.
 */
export function commonLine(request: Request, epochMs: number, withProtocol = true): string {
  const target = withProtocol ? `${request.url} HTTP/1.0` : request.url;
  const bytes = request.bytesSent === 0 ? '-' : String(request.bytesSent);
  return `${request.clientIp} - - [${logTime(epochMs, undefined, LEGACY_OFFSET_MINUTES)}] "${request.method} ${target}" ${request.status} ${bytes}`;
}

/** The web_logs record the clean job parses out of `line`: its id is the line's SHA-256. */
export function webLogOf(line: string, request: Request, epochMs: number): WebLog {
  return {
    request_id: createHash('sha256').update(line, 'utf8').digest('hex'),
    client_ip: request.clientIp,
    request_time: new Date(epochMs - (epochMs % 1000)),
    method: request.method,
    url: request.url,
    status: request.status,
    bytes_sent: request.bytesSent,
    referrer: request.referrer === '-' ? null : request.referrer,
    user_agent: request.userAgent === '-' ? null : request.userAgent,
  };
}

export const rawLine = (line: string) => ({ [RAW_LINE_FIELD]: line });

/** The traits of a kept line worth counting in the day's figures (`WebLogLineFigures`). */
export type LineTrait =
  'commonLogFormat' | 'hostNameClients' | 'dashBytes' | 'withoutProtocol' | 'nonAsciiPaths';

export function keptLine(request: Request, epochMs: number): Draft<WebLog> {
  const line = combinedLine(request, epochMs);
  const record = webLogOf(line, request, epochMs);
  return {
    time: epochMs,
    raw: rawLine(line),
    outcome: { kept: true, id: record.request_id, record },
    ...(!isAscii(request.url) && { traits: ['nonAsciiPaths'] }),
  };
}

/** A request the legacy server logged (its client a host name), and what the clean job keeps. */
export function keptLegacyLine(
  request: Request,
  epochMs: number,
  withProtocol = true,
): Draft<WebLog> {
  const line = commonLine(request, epochMs, withProtocol);
  // CLF writes no body as `-` (Apache's %b); it is 0 bytes in the lake.
  const record = webLogOf(line, { ...request, referrer: '-', userAgent: '-' }, epochMs);
  const traits: LineTrait[] = ['commonLogFormat', 'hostNameClients'];
  if (request.bytesSent === 0) traits.push('dashBytes');
  if (!withProtocol) traits.push('withoutProtocol');
  if (!isAscii(request.url)) traits.push('nonAsciiPaths');
  return {
    time: epochMs,
    raw: rawLine(line),
    outcome: { kept: true, id: record.request_id, record },
    traits,
  };
}

const isAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

const idOf = (draft: Draft<WebLog>): string =>
  draft.outcome.kept ? draft.outcome.id : JSON.stringify(draft.raw);

function requestOf(generated: GeneratedRecord): Request {
  return {
    clientIp: String(generated.client_ip),
    method: String(generated.method),
    url: String(generated.url),
    status: Number(generated.status),
    bytesSent: Number(generated.bytes_sent),
    referrer: String(generated.referrer),
    userAgent: String(generated.user_agent),
  };
}

/** How many host names the legacy server's visitors resolve to. */
const LEGACY_CLIENTS = 40;

/**
 * The host names the legacy server logs for its visitors, as reverse lookups give them: dial-up
 * pools, proxies and campus gateways, under reserved domains (RFC 2606) so no real host is
 * named. Some are longer than any IP address (a residential name of 62 characters).
 */
export function legacyClients(random: Random, count = LEGACY_CLIENTS): string[] {
  const shapes = [
    () => `dialup-${random.int(1, 99)}.pop${random.int(1, 9)}.isp.example.net`,
    () => `ppp${random.int(1, 250)}.modem-pool.example.org`,
    () => `cache${random.int(1, 9)}.proxy.example.net`,
    () => `gw.${random.pick(['physics', 'library', 'astro', 'cs'])}.university.example`,
    () => `host-198-51-100-${random.int(100, 254)}.residential.broadband-provider.example.net`,
  ];
  const names = new Set<string>();
  while (names.size < count) names.add(random.pick(shapes)());
  return [...names];
}

interface LineCorruption {
  readonly reason: string;
  /** The garbled line for `request`; `host` is the client if the legacy server wrote it. */
  readonly garble: (request: Request, epochMs: number, host: string) => string;
}

export const LINE_CORRUPTIONS: readonly LineCorruption[] = [
  {
    // The writer died mid-line: the request's closing quote never came.
    reason: 'truncated_line',
    garble: (request, epochMs) => {
      const line = combinedLine(request, epochMs);
      return line.slice(0, line.indexOf('"') + 1 + Math.ceil(request.method.length / 2));
    },
  },
  {
    // A TLS ClientHello on the plain HTTP port: nginx logs the bytes, escaped, as the request.
    reason: 'malformed_request',
    garble: (request, epochMs) =>
      `${request.clientIp} - - [${logTime(epochMs)}] "\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03" 400 157 "-" "-"`,
  },
  {
    reason: 'invalid_status',
    garble: (request, epochMs) => combinedLine({ ...request, status: 999 }, epochMs),
  },
  {
    reason: 'invalid_client_ip',
    garble: (request, epochMs) =>
      combinedLine({ ...request, clientIp: request.clientIp.replace(/\.\d+$/, '.300') }, epochMs),
  },
  {
    reason: 'invalid_request_time',
    garble: (request, epochMs) =>
      combinedLine(request, epochMs).replace(logTime(epochMs), logTime(epochMs, '24')),
  },
  {
    // The legacy server's line cut after its status: the byte count never came.
    reason: 'truncated_line',
    garble: (request, epochMs, host) => {
      const line = commonLine({ ...request, clientIp: host }, epochMs);
      return line.slice(0, line.lastIndexOf(' '));
    },
  },
  {
    // A proxy's X-Forwarded-For chain logged where the client belongs.
    reason: 'invalid_client_ip',
    garble: (request, epochMs) =>
      combinedLine({ ...request, clientIp: `${request.clientIp},10.0.0.2` }, epochMs),
  },
  {
    // A reconfigured legacy server appending `%D` (microseconds to serve): no format known here.
    reason: 'not_access_log_format',
    garble: (request, epochMs, host) =>
      `${commonLine({ ...request, clientIp: host }, epochMs)} ${1_000 + (epochMs % 90_000)}`,
  },
];

/** What the day's log writes for one position: which server, and what is odd about it. */
interface LineStyle {
  /** The client's host name, when the legacy server logs this request. */
  readonly legacyHost: string | undefined;
  /** A host name for a garbled legacy line. */
  readonly host: string;
  readonly withProtocol: boolean;
  readonly nonAsciiPath: string | undefined;
}

function drawStyle(odd: Random, hosts: readonly string[]): LineStyle {
  const host = odd.pick(hosts);
  const legacy = odd.chance(LEGACY_SHARE);
  const withProtocol = !odd.chance(WITHOUT_PROTOCOL_SHARE);
  const nonAsciiPath = odd.chance(NON_ASCII_SHARE) ? odd.pick(NON_ASCII_PATHS) : undefined;
  return { legacyHost: legacy ? host : undefined, host, withProtocol, nonAsciiPath };
}

/** The kept line of `request` in `style`: HTTP/0.9 and accented pages are GET requests only. */
function styledLine(request: Request, style: LineStyle, epochMs: number): Draft<WebLog> {
  const page =
    style.nonAsciiPath !== undefined && request.method === 'GET'
      ? { ...request, url: style.nonAsciiPath }
      : request;
  if (style.legacyHost === undefined) return keptLine(page, epochMs);
  return keptLegacyLine(
    { ...page, clientIp: style.legacyHost },
    epochMs,
    style.withProtocol || page.method !== 'GET',
  );
}

/**
 * The day's ordinary web requests, one per instant of `times` (whole seconds): most logged by
 * nginx, a share by the legacy server (`odd` decides which, and what is odd about a line), a
 * few garbled. Two requests that would log the very same line (same visitor, second, asset,
 * size) would be one record after deduplication, so such a draw is replaced by a fresh one.
 */
export function backgroundWebLogs(
  world: World,
  random: Random,
  dirt: Random,
  odd: Random,
  times: readonly number[],
): Draft<WebLog>[] {
  const generator = GENERATORS.web_logs!.create(world, random);
  const hosts = legacyClients(odd);
  const spoiled = chooseSpoiled(
    dirt,
    times.length,
    spoiledCount(times.length, DIRTY_SHARE, MIN_DIRTY),
    LINE_CORRUPTIONS,
  );
  const seen = new Set<string>();
  return times.map((time, position) => {
    const style = drawStyle(odd, hosts);
    const corruption = spoiled.get(position);
    if (corruption !== undefined) {
      const line = corruption.garble(requestOf(generator.next(new Date(time))), time, style.host);
      return {
        time,
        raw: rawLine(line),
        outcome: { kept: false, reason: `${RAW_LINE_FIELD}:${corruption.reason}` },
      };
    }
    let draft = styledLine(requestOf(generator.next(new Date(time))), style, time);
    for (let redraw = 0; seen.has(idOf(draft)) && redraw < MAX_REDRAWS; redraw += 1) {
      draft = styledLine(requestOf(generator.next(new Date(time))), style, time);
    }
    seen.add(idOf(draft));
    return draft;
  });
}
