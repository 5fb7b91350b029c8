/**
 * Web server requests of the shop, as nginx would log them in combined format: visitors with a
 * stable address and browser fetch pages, search, call the cart API and load static assets
 * (often answered 304 from cache). Realistic noise, on purpose: a few crawler requests, 404s for
 * stale links and rare 5xx errors, which the clean zone and dashboards must cope with.
 * The record id is the definition's "hash of the raw log line", so it depends on the time.
 */
import { createHash } from 'node:crypto';
import type { Random } from '../random';
import { WeightedSampler } from '../random';
import type { World } from '../world';
import { LOG_MONTHS } from '../../../lambdas/traffic-monitor/log-line';
import { categoryPath, productPath, searchPath, SHOP_ORIGIN } from './shop-pages';
import type { DatasetGenerator, GeneratedRecord } from './types';

interface Visitor {
  readonly ip: string;
  readonly userAgent: string;
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
];
const EXTERNAL_REFERRERS = [
  'https://www.google.com/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
];
const STATIC_ASSETS = [
  '/static/js/app.3f9c2e1b.js',
  '/static/css/main.8a41d0c7.css',
  '/favicon.ico',
];

/**
 * Addresses from the documentation ranges (RFC 5737), so generated logs never name a real host:
 * 3 × 254 addresses are plenty of distinct visitors for a simulation.
 */
function documentationAddress(random: Random): string {
  return `${random.pick(['192.0.2', '198.51.100', '203.0.113'])}.${random.int(1, 254)}`;
}

interface Request {
  readonly method: string;
  readonly url: string;
  readonly kind: 'page' | 'api' | 'static';
}

function drawRequest(world: World, random: Random): Request {
  const roll = random.next();
  if (roll < 0.3) return { method: 'GET', url: random.pick(STATIC_ASSETS), kind: 'static' };
  if (roll < 0.34)
    return {
      method: 'GET',
      url: `/static/img/${world.products.draw(random).id}.webp`,
      kind: 'static',
    };
  if (roll < 0.62)
    return { method: 'GET', url: productPath(world.products.draw(random)), kind: 'page' };
  if (roll < 0.72) return { method: 'GET', url: searchPath(random), kind: 'page' };
  if (roll < 0.8)
    return { method: 'GET', url: categoryPath(world.products.draw(random).category), kind: 'page' };
  if (roll < 0.85) return { method: 'GET', url: '/', kind: 'page' };
  if (roll < 0.93) return { method: 'POST', url: '/api/cart/items', kind: 'api' };
  if (roll < 0.95) return { method: 'POST', url: '/api/checkout', kind: 'api' };
  if (roll < 0.97) return { method: 'GET', url: '/api/cart', kind: 'api' };
  return { method: 'HEAD', url: '/', kind: 'page' };
}

function drawStatus(request: Request, random: Random): number {
  const roll = random.next();
  if (request.kind === 'static' && roll < 0.35) return 304;
  if (roll < 0.015) return 404;
  if (roll < 0.018) return 500;
  if (roll < 0.02) return 503;
  if (request.method === 'POST') return random.chance(0.9) ? 201 : 400;
  return 200;
}

function drawBytes(request: Request, status: number, random: Random): number {
  if (status === 304 || request.method === 'HEAD') return 0;
  if (status >= 400) return random.int(150, 600);
  const median = request.kind === 'static' ? 45_000 : request.kind === 'api' ? 900 : 28_000;
  return Math.max(1, Math.round(random.logNormal(median, 0.5)));
}

/** `[06/May/2024:20:15:01.123 +0000]`: combined-format time with nginx's `$msec` milliseconds. */
export function logTime(now: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${two(now.getUTCDate())}/${LOG_MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}`;
  const time = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
  return `[${date}:${time}.${String(now.getUTCMilliseconds()).padStart(3, '0')} +0000]`;
}

export const webLogs: DatasetGenerator = {
  trafficShare: 5,
  create: (world: World, random: Random) => {
    const visitors = Array.from({ length: 600 }, () => ({
      ip: documentationAddress(random),
      userAgent: random.pick(BROWSERS),
    }));
    const visitorSampler = new WeightedSampler<Visitor>(
      visitors,
      visitors.map(() => random.logNormal(1, 1)),
    );
    const crawler = { ip: '203.0.113.250', userAgent: random.pick(CRAWLERS) };
    return {
      next(now: Date): GeneratedRecord {
        const visitor = random.chance(0.03) ? crawler : visitorSampler.draw(random);
        const request = drawRequest(world, random);
        const status = drawStatus(request, random);
        const bytes = drawBytes(request, status, random);
        const referrer =
          request.kind === 'page' && random.chance(0.3)
            ? random.pick(EXTERNAL_REFERRERS)
            : random.chance(0.8)
              ? `${SHOP_ORIGIN}/`
              : '-';
        return webLogRecord(
          {
            clientIp: visitor.ip,
            method: request.method,
            url: request.url,
            status,
            bytesSent: bytes,
            referrer,
            userAgent: visitor.userAgent,
          },
          now,
        );
      },
    };
  },
};

/** What one logged request says, before it is written as a record. */
export interface LoggedRequest {
  readonly clientIp: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly bytesSent: number;
  /** `-` when the client sent none. */
  readonly referrer: string;
  readonly userAgent: string;
}

/** The web_logs record of `request` served at `now`; its id is the hash of its log line. */
export function webLogRecord(request: LoggedRequest, now: Date): GeneratedRecord {
  const line = `${request.clientIp} - - ${logTime(now)} "${request.method} ${request.url} HTTP/1.1" ${request.status} ${request.bytesSent} "${request.referrer}" "${request.userAgent}"`;
  return {
    request_id: createHash('sha256').update(line).digest('hex'),
    client_ip: request.clientIp,
    request_time: now.toISOString(),
    method: request.method,
    url: request.url,
    status: request.status,
    bytes_sent: request.bytesSent,
    referrer: request.referrer,
    user_agent: request.userAgent,
  };
}
