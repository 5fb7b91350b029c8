/**
 * What each analytics query must answer, computed in TypeScript from the generated records (not
 * by running SQL): the definitions in sql/queries, restated over plain arrays. Values are shaped
 * as the Data API returns them: counts as numbers, decimals as exact strings, timestamps as text.
 */
import type { RfmRow } from './rfm-reference';
import type { AccessEvent, Transaction, WebLog } from './warehouse-dataset';

type Row = Record<string, string | number | null>;

/** `2026-03-02 10:30:00`, the engine's text form of a TIMESTAMP. */
export function sqlTimestamp(moment: Date): string {
  return moment.toISOString().slice(0, 19).replace('T', ' ');
}

/** Exact `12.50` from cents. */
export function decimalText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function distinct<T>(items: readonly T[], value: (item: T) => unknown): number {
  return new Set(items.map(value).filter((v) => v !== null && v !== undefined)).size;
}

/** SQL `RANK() OVER (ORDER BY value DESC)`: 1 + how many have a greater value. */
function rankDescending<T>(items: readonly T[], value: (item: T) => number): number[] {
  return items.map((item) => 1 + items.filter((other) => value(other) > value(item)).length);
}

function ranked<T extends Row, K extends string>(
  rows: T[],
  countColumn: keyof T,
  rankColumn: K,
): (T & Record<K, number>)[] {
  const ranks = rankDescending(rows, (row) => row[countColumn] as number);
  return rows.map((row, index) => ({ ...row, [rankColumn]: ranks[index]! }));
}

const byRankThen =
  (rankColumn: string, ...keys: string[]) =>
  (a: Row, b: Row): number => {
    const rank = (a[rankColumn] as number) - (b[rankColumn] as number);
    if (rank !== 0) return rank;
    for (const key of keys) {
      const [x, y] = [a[key], b[key]];
      if (x !== y) return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  };

export function peakHours(events: readonly AccessEvent[], topN: number): Row[] {
  const rows = [...groupBy(events, (e) => String(e.event_time.getUTCHours()))].map(
    ([hour, group]) => ({
      hour_of_day: Number(hour),
      accesses: group.length,
      unique_users: distinct(group, (e) => e.user_id),
    }),
  );
  return ranked(rows, 'accesses', 'hour_rank')
    .filter((row) => row.hour_rank <= topN)
    .sort((a, b) => a.hour_rank - b.hour_rank || a.hour_of_day - b.hour_of_day);
}

export function peakMinutes(events: readonly AccessEvent[], topN: number): Row[] {
  const rows = [...groupBy(events, (e) => sqlTimestamp(e.event_time).slice(0, 16))].map(
    ([minute, group]) => ({
      access_minute: `${minute}:00`,
      accesses: group.length,
      unique_users: distinct(group, (e) => e.user_id),
    }),
  );
  return ranked(rows, 'accesses', 'minute_rank')
    .filter((row) => row.minute_rank <= topN)
    .sort(byRankThen('minute_rank', 'access_minute'));
}

const DEVICE_FAMILIES: Record<string, string> = {
  mobile: 'handheld',
  tablet: 'handheld',
  desktop: 'desktop',
  smart_tv: 'living_room',
  console: 'living_room',
};

export function mostUsedDevices(events: readonly AccessEvent[]): Row[] {
  return [...groupBy(events, (e) => e.device ?? 'unknown')]
    .map(([device, group]) => {
      // Percent with two decimals, rounded half up, in integer arithmetic.
      const hundredths = Math.floor(
        (2 * 10_000 * group.length + events.length) / (2 * events.length),
      );
      return {
        device_name: device,
        device_family: DEVICE_FAMILIES[device] ?? 'unknown',
        accesses: group.length,
        unique_users: distinct(group, (e) => e.user_id),
        watched_seconds: group.reduce((sum, e) => sum + (e.duration_seconds ?? 0), 0),
        share_percent: decimalText(hundredths),
      };
    })
    .sort((a, b) => b.accesses - a.accesses || (a.device_name < b.device_name ? -1 : 1));
}

export function contentTypeByRegion(events: readonly AccessEvent[]): Row[] {
  return [...groupBy(events, (e) => e.country)]
    .flatMap(([country, inCountry]) =>
      ranked(
        [...groupBy(inCountry, (e) => e.content_type)].map(([contentType, group]) => ({
          country,
          content_type: contentType,
          accesses: group.length,
          unique_users: distinct(group, (e) => e.user_id),
        })),
        'accesses',
        'rank_in_country',
      ).sort(byRankThen('rank_in_country', 'content_type')),
    )
    .sort((a, b) => (a.country === b.country ? 0 : a.country < b.country ? -1 : 1));
}

const pagePath = (url: string): string => url.split('?')[0]!;

export function accessCountByIp(logs: readonly WebLog[], minRequests: number, topN: number): Row[] {
  const rows = [...groupBy(logs, (l) => l.client_ip)]
    .filter(([, group]) => group.length >= minRequests)
    .map(([ip, group]) => {
      const times = group.map((l) => l.request_time.getTime());
      return {
        client_ip: ip,
        requests: group.length,
        distinct_pages: distinct(group, (l) => pagePath(l.url)),
        error_responses: group.filter((l) => l.status >= 400).length,
        first_request: sqlTimestamp(new Date(Math.min(...times))),
        last_request: sqlTimestamp(new Date(Math.max(...times))),
      };
    });
  return ranked(rows, 'requests', 'ip_rank')
    .filter((row) => row.ip_rank <= topN)
    .sort(byRankThen('ip_rank', 'client_ip'));
}

/**
 * Static assets, by the extension of the lower-cased path (styles, scripts, source maps,
 * images, fonts): files a page pulls in, which no analyst counts as a page visited.
 */
const STATIC_ASSET_EXTENSIONS = new Set([
  'css',
  'js',
  'mjs',
  'map',
  'ico',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'bmp',
  'xbm',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
]);

export function isStaticAsset(path: string): boolean {
  const lower = path.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return dot >= 0 && STATIC_ASSET_EXTENSIONS.has(lower.slice(dot + 1));
}

/** A page view: a successful GET of a page, not of an asset. */
const isPageView = (l: WebLog): boolean =>
  l.method === 'GET' && l.status < 400 && !isStaticAsset(pagePath(l.url));

/** `part / whole` as a percent with two decimals, rounded half up, in integer arithmetic. */
function percentText(part: number, whole: number): string {
  return decimalText(Math.floor((2 * 10_000 * part + whole) / (2 * whole)));
}

/** `sum / count` with two decimals, rounded half up, in integer arithmetic. */
function meanText(sum: number, count: number): string {
  return decimalText(Math.floor((2 * 100 * sum + count) / (2 * count)));
}

export function mostVisitedPages(logs: readonly WebLog[], topN: number): Row[] {
  const views = logs.filter(isPageView);
  const rows = [...groupBy(views, (l) => pagePath(l.url))].map(([path, group]) => ({
    page_path: path,
    page_views: group.length,
    unique_visitors: distinct(group, (l) => l.client_ip),
  }));
  return ranked(rows, 'page_views', 'page_rank')
    .filter((row) => row.page_rank <= topN)
    .sort(byRankThen('page_rank', 'page_path'));
}

export function webPeakHours(logs: readonly WebLog[], topN: number): Row[] {
  const rows = [...groupBy(logs, (l) => String(l.request_time.getUTCHours()))].map(
    ([hour, group]) => ({
      hour_of_day: Number(hour),
      requests: group.length,
      distinct_clients: distinct(group, (l) => l.client_ip),
      share_percent: percentText(group.length, logs.length),
    }),
  );
  return ranked(rows, 'requests', 'hour_rank')
    .filter((row) => row.hour_rank <= topN)
    .sort((a, b) => a.hour_rank - b.hour_rank || a.hour_of_day - b.hour_of_day);
}

/** `2xx` for 204: the class of a status, by its first digit. */
const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

export function webStatusMix(logs: readonly WebLog[], topN: number): Row[] {
  const classes = groupBy(logs, (l) => statusClass(l.status));
  const rows = [...groupBy(logs, (l) => String(l.status))].map(([status, group]) => {
    const inClass = classes.get(statusClass(Number(status)))!.length;
    return {
      status_class: statusClass(Number(status)),
      class_requests: inClass,
      class_share_percent: percentText(inClass, logs.length),
      status: Number(status),
      requests: group.length,
      share_percent: percentText(group.length, logs.length),
    };
  });
  return ranked(rows, 'requests', 'status_rank')
    .filter((row) => row.status_rank <= topN)
    .sort(
      (a, b) =>
        (a.status_class < b.status_class ? -1 : a.status_class > b.status_class ? 1 : 0) ||
        b.requests - a.requests ||
        a.status - b.status,
    );
}

/** Bytes per page: known sizes summed, unknown ones (`-`, null) counted apart, never as 0. */
export function bytesServed(logs: readonly WebLog[], topN: number): Row[] {
  const known = (group: readonly WebLog[]) => group.filter((l) => l.bytes_sent !== null);
  const sum = (group: readonly WebLog[]) => known(group).reduce((t, l) => t + l.bytes_sent!, 0);
  const allBytes = known(logs).length === 0 ? null : sum(logs);
  const pages = [...groupBy(logs, (l) => pagePath(l.url))].map(([path, group]) => {
    const bytes = known(group).length === 0 ? null : sum(group);
    return {
      page_path: path,
      requests: group.length,
      unknown_size_requests: group.length - known(group).length,
      bytes_served: bytes,
      share_percent: bytes === null || !allBytes ? null : percentText(bytes, allBytes),
      all_bytes_served: allBytes,
      all_unknown_size_requests: logs.length - known(logs).length,
    };
  });
  // RANK() OVER (ORDER BY bytes DESC NULLS LAST): pages of unknown size rank after the rest.
  const rankOf = (bytes: number | null) =>
    1 +
    pages.filter((other) =>
      bytes === null ? other.bytes_served !== null : (other.bytes_served ?? -1) > bytes,
    ).length;
  return pages
    .map((page) => ({ ...page, bytes_rank: rankOf(page.bytes_served) }))
    .filter((page) => page.bytes_rank <= topN)
    .sort(byRankThen('bytes_rank', 'page_path'));
}

/**
 * Sessions per day (UTC, of their first request): each client's requests in time order, a new
 * session when a request comes more than `gapMinutes` after the client's previous one.
 */
export function webSessions(logs: readonly WebLog[], gapMinutes: number): Row[] {
  const sessions: {
    client: string;
    start: Date;
    seconds: number;
    requests: number;
    pages: number;
  }[] = [];
  for (const [client, group] of groupBy(logs, (l) => l.client_ip)) {
    const ordered = [...group].sort(
      (a, b) =>
        a.request_time.getTime() - b.request_time.getTime() ||
        (a.request_id < b.request_id ? -1 : 1),
    );
    let current: WebLog[] = [];
    const close = () => {
      if (current.length === 0) return;
      const first = current[0]!.request_time;
      const last = current.at(-1)!.request_time;
      sessions.push({
        client,
        start: first,
        seconds: (last.getTime() - first.getTime()) / 1000,
        requests: current.length,
        pages: current.filter(isPageView).length,
      });
      current = [];
    };
    for (const log of ordered) {
      const previous = current.at(-1);
      if (
        previous &&
        log.request_time.getTime() - previous.request_time.getTime() > gapMinutes * 60_000
      )
        close();
      current.push(log);
    }
    close();
  }
  return [...groupBy(sessions, (s) => s.start.toISOString().slice(0, 10))]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, group]) => ({
      session_date: day,
      sessions: group.length,
      clients: distinct(group, (s) => s.client),
      mean_duration_seconds: meanText(
        group.reduce((t, s) => t + s.seconds, 0),
        group.length,
      ),
      requests_per_session: meanText(
        group.reduce((t, s) => t + s.requests, 0),
        group.length,
      ),
      pages_per_session: meanText(
        group.reduce((t, s) => t + s.pages, 0),
        group.length,
      ),
    }));
}

export function requestsPerMinute(logs: readonly WebLog[]): Row[] {
  const byMinute = groupBy(logs, (l) =>
    sqlTimestamp(new Date(Math.floor(l.request_time.getTime() / 60_000) * 60_000)),
  );
  return [...byMinute]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([minute, group]) => ({
      request_minute: minute,
      requests: group.length,
      distinct_clients: distinct(group, (l) => l.client_ip),
    }));
}

export function mostSoldProducts(transactions: readonly Transaction[], topN: number): Row[] {
  return [...groupBy(transactions, (t) => t.currency)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([currency, inCurrency]) =>
      ranked(
        [...groupBy(inCurrency, (t) => t.product_id)].map(([product, group]) => ({
          currency,
          product_id: product,
          product_category: group[0]!.product_category,
          units: group.reduce((sum, t) => sum + t.quantity, 0),
          revenue: decimalText(group.reduce((sum, t) => sum + t.quantity * t.unit_price_cents, 0)),
          orders: distinct(group, (t) => t.order_id),
        })),
        'units',
        'product_rank',
      )
        .filter((row) => row.product_rank <= topN)
        .sort(byRankThen('product_rank', 'product_id')),
    );
}

/** The segment grid of marts.customer_segment, restated. */
export function segmentOf(r: number, f: number): string {
  if (r >= 4 && f >= 4) return 'champions';
  if (r === 3 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2) return 'potential_loyalists';
  if (r >= 4) return 'new_customers';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2) return 'hibernating';
  return 'needs_attention';
}

function latestSnapshot(rfm: readonly RfmRow[], asOf: string): RfmRow[] {
  const latest = rfm
    .map((row) => row.as_of_date)
    .filter((day) => day <= asOf)
    .sort()
    .at(-1);
  return rfm.filter((row) => row.as_of_date === latest);
}

export function rfmSegments(rfm: readonly RfmRow[], asOf: string): Row[] {
  const snapshot = latestSnapshot(rfm, asOf);
  return [...groupBy(snapshot, (row) => `${row.currency}|${segmentOf(row.r_score, row.f_score)}`)]
    .map(([key, group]) => ({
      as_of_date: group[0]!.as_of_date,
      currency: group[0]!.currency,
      segment: key.split('|')[1]!,
      customers: group.length,
      monetary: decimalText(group.reduce((sum, row) => sum + row.monetary_cents, 0)),
      orders: group.reduce((sum, row) => sum + row.frequency, 0),
      min_recency_days: Math.min(...group.map((row) => row.recency_days)),
      max_recency_days: Math.max(...group.map((row) => row.recency_days)),
    }))
    .sort(
      (a, b) =>
        (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0) ||
        b.customers - a.customers ||
        (a.segment < b.segment ? -1 : 1),
    );
}
