/**
 * The shop's web server log as the raw zone receives it: combined-format lines wrapped as
 * `{"raw_line": …}`, which the clean job parses. Requests come from the producer's web-log
 * generator (visitors, pages, statuses, sizes); the line is written here at whole seconds, as
 * nginx's `$time_local` does, because that is the time format the clean job's parser reads.
 * A few lines arrive garbled the ways real logs do: cut off, a TLS handshake sent to the plain
 * HTTP port, a status no server sends, an address that is not one, a clock that is not one.
 */
import { createHash } from 'node:crypto';
import { GENERATORS, type GeneratedRecord } from '../produce-events/generators';
import type { LoggedRequest } from '../produce-events/generators/web-logs';
import { LOG_MONTHS, RAW_LINE_FIELD } from '../../lambdas/traffic-monitor/log-line';
import type { Random } from '../produce-events/random';
import type { World } from '../produce-events/world';
import { chooseSpoiled, spoiledCount, type Draft } from './drafts';
import type { WebLog } from './records';
import { DIRTY_SHARE, MIN_DIRTY } from './stream-datasets';

export { RAW_LINE_FIELD };
/** Fresh draws tried before giving up on a line identical to an earlier one. */
const MAX_REDRAWS = 20;

/** The request of one log line, before it is written out (the producer's shape). */
export type Request = LoggedRequest;

/** `02/Mar/2026:20:15:01 +0000`: combined-format local time, here UTC. */
export function logTime(epochMs: number, hour?: string): string {
  const at = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(at.getUTCDate())}/${LOG_MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${hour ?? two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}

export function combinedLine(request: Request, epochMs: number): string {
  return `${request.clientIp} - - [${logTime(epochMs)}] "${request.method} ${request.url} HTTP/1.1" ${request.status} ${request.bytesSent} "${request.referrer}" "${request.userAgent}"`;
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

export function keptLine(request: Request, epochMs: number): Draft<WebLog> {
  const line = combinedLine(request, epochMs);
  const record = webLogOf(line, request, epochMs);
  return {
    time: epochMs,
    raw: rawLine(line),
    outcome: { kept: true, id: record.request_id, record },
  };
}

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

interface LineCorruption {
  readonly reason: string;
  readonly garble: (request: Request, epochMs: number) => string;
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
];

/**
 * The day's ordinary web requests, one per instant of `times` (whole seconds), a few garbled.
 * Two requests that would log the very same line (same visitor, second, asset, size) would be
 * one record after deduplication, so such a draw is replaced by a fresh one.
 */
export function backgroundWebLogs(
  world: World,
  random: Random,
  dirt: Random,
  times: readonly number[],
): Draft<WebLog>[] {
  const generator = GENERATORS.web_logs!.create(world, random);
  const spoiled = chooseSpoiled(
    dirt,
    times.length,
    spoiledCount(times.length, DIRTY_SHARE, MIN_DIRTY),
    LINE_CORRUPTIONS,
  );
  const seen = new Set<string>();
  return times.map((time, position) => {
    const corruption = spoiled.get(position);
    if (corruption !== undefined) {
      const line = corruption.garble(requestOf(generator.next(new Date(time))), time);
      return {
        time,
        raw: rawLine(line),
        outcome: { kept: false, reason: `${RAW_LINE_FIELD}:${corruption.reason}` },
      };
    }
    let draft = keptLine(requestOf(generator.next(new Date(time))), time);
    for (let redraw = 0; seen.has(idOf(draft)) && redraw < MAX_REDRAWS; redraw += 1) {
      draft = keptLine(requestOf(generator.next(new Date(time))), time);
    }
    seen.add(idOf(draft));
    return draft;
  });
}
