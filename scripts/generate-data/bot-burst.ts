/**
 * The one bot-like burst of a generated day: a single client hammering the shop for a few
 * consecutive minutes in the small hours, well above the fixed ceiling of the platform
 * definition's bot rule (`trafficMonitor.botRule`, which the traffic monitor and the bot query
 * both apply), walking the catalog API page by page like a scraper does. Every request is a well-formed line: a bot's traffic is
 * clean data, and it is the analytics, not the clean job, that must notice it.
 */
import type { Random } from '../produce-events/random';
import { MINUTE_MS } from './day-times';
import type { Draft } from './drafts';
import type { WebLog } from './records';
import { keptLine, type Request } from './web-logs';

/** An address of the IPv6 documentation range (RFC 3849): a cloud host, not a shopper. */
export const BOT_CLIENT_IP = '2001:db8:5eed::b07';
const BOT_USER_AGENT = 'python-requests/2.32.3';
/** Consecutive minutes of the burst. */
export const BURST_MINUTES = 4;
/** Requests per burst minute, as a multiple of the ceiling ("well above" it). */
export const BURST_FACTOR = 1.5;
/** The burst starts between 01:30 and 05:00 UTC: a full hour of history lies before it. */
const EARLIEST_START_MINUTE = 90;
const LATEST_START_MINUTE = 300;

export interface BotBurst {
  readonly startMs: number;
  readonly minutes: number;
  readonly clientIp: string;
  readonly drafts: Draft<WebLog>[];
}

export function botBurst(random: Random, dayStartMs: number, ceiling: number): BotBurst {
  const startMs = dayStartMs + random.int(EARLIEST_START_MINUTE, LATEST_START_MINUTE) * MINUTE_MS;
  const drafts: Draft<WebLog>[] = [];
  let page = 1;
  for (let minute = 0; minute < BURST_MINUTES; minute += 1) {
    const requests = burstRequestsPerMinute(ceiling) + random.int(0, Math.ceil(ceiling / 5));
    const seconds = Array.from({ length: requests }, () => random.int(0, 59)).sort((a, b) => a - b);
    for (const second of seconds) {
      drafts.push(
        keptLine(scraperRequest(page++, random), startMs + minute * MINUTE_MS + second * 1000),
      );
    }
  }
  return { startMs, minutes: BURST_MINUTES, clientIp: BOT_CLIENT_IP, drafts };
}

/** Requests in one bot minute: "well above" the ceiling, as the generated day's burst has. */
export function burstRequestsPerMinute(ceiling: number): number {
  return Math.ceil(ceiling * BURST_FACTOR);
}

/**
 * The scraper's request for catalog page `page`: every page once, so lines differ and none is
 * mistaken for a duplicate. Rate limiting answers some requests 429; the scraper does not slow
 * down.
 */
export function scraperRequest(page: number, random: Random): Request {
  const throttled = random.chance(0.1);
  return {
    clientIp: BOT_CLIENT_IP,
    method: 'GET',
    url: `/api/products?page=${page}&per_page=50`,
    status: throttled ? 429 : 200,
    bytesSent: throttled ? 162 : Math.round(random.logNormal(24_000, 0.2)),
    referrer: '-',
    userAgent: BOT_USER_AGENT,
  };
}
