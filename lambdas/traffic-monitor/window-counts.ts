/**
 * What one window holds: the counts of one minute of one topic, and per partition the offset of
 * the last record counted. A record is counted only past its partition's offset, so a batch
 * delivered twice, or a longer batch overlapping one already counted, adds each record exactly
 * once (a partition's records reach the function in offset order).
 */
import type { Slice } from './minute-tally';

/**
 * At most this many clients are kept by name in one window. Past it the least busy are folded
 * into `foldedClients`/`foldedRequests`, so an item stays far below DynamoDB's 400 KB (4,000
 * IPv6 addresses with their counts are about 200 KB of JSON) and a flood of spoofed addresses
 * cannot make the window unwritable. Requests stay exact; distinct clients become an estimate.
 */
export const MAX_CLIENTS_PER_WINDOW = 2_000;

/**
 * At most this many record ids are kept per window to tell a record sent twice (a producer or
 * log shipper retrying) from a new one: about 90 KB. Past it, records are counted without the
 * check (`idsFull`): a minute that busy is far over the ceiling either way.
 */
const MAX_IDS_PER_WINDOW = 6_000;

export interface WindowCounts {
  /** Web requests (requests topic). */
  requests: number;
  /** Requests per client address. */
  clients: Record<string, number>;
  /** Records sent again (an id already counted in this window): not counted. */
  duplicates: number;
  /** Clients folded out of `clients` (a client folded twice counts twice: an upper bound). */
  foldedClients: number;
  foldedRequests: number;
  /** Access events (audience topic), and their breakdowns. */
  accesses: number;
  devices: Record<string, number>;
  contentTypes: Record<string, number>;
  countries: Record<string, number>;
}

export interface StoredWindow {
  /** Bumped by every write: the condition of the next one. */
  readonly version: number;
  /** Per partition, the offset of the last record counted: every record up to it is in `counts`. */
  readonly offsets: Readonly<Record<string, number>>;
  /** Digests of the record ids counted (`minute-tally.ts`), up to `MAX_IDS_PER_WINDOW`. */
  readonly ids: readonly string[];
  /** True once `ids` is full: later records are counted without the duplicate check. */
  readonly idsFull: boolean;
  readonly counts: WindowCounts;
}

/**
 * Most values a breakdown (devices, content types, countries) keeps per window; the rest are
 * added up under `other`. Values come from producers: a flood of made-up ones must not make the
 * window unwritable.
 */
export const MAX_VALUES_PER_BREAKDOWN = 100;
/** Longest value kept as is (a client address, a device name); longer ones are cut. */
const MAX_VALUE_LENGTH = 64;
const OTHER = 'other';

/**
 * A map of counts without a prototype: keys come from producers, and `constructor` or
 * `__proto__` must be a device like any other, not a property of Object.
 */
export function countMap(from?: Readonly<Record<string, number>>): Record<string, number> {
  const map = Object.create(null) as Record<string, number>;
  if (from) for (const [key, count] of Object.entries(from)) map[key] = count;
  return map;
}

export function emptyCounts(): WindowCounts {
  return {
    requests: 0,
    duplicates: 0,
    clients: countMap(),
    foldedClients: 0,
    foldedRequests: 0,
    accesses: 0,
    devices: countMap(),
    contentTypes: countMap(),
    countries: countMap(),
  };
}

/**
 * The window after counting the slice's records past each partition's offset, or undefined
 * when every record of the slice is already counted. Pure: `stored` is not changed.
 */
export function countSlice(
  stored: StoredWindow | undefined,
  slice: Slice,
): StoredWindow | undefined {
  const offsets: Record<string, number> = { ...stored?.offsets };
  const counts = stored ? cloneCounts(stored.counts) : emptyCounts();
  const ids = new Set(stored?.ids);
  let idsFull = stored?.idsFull ?? false;
  let added = 0;
  for (const entry of slice.entries) {
    const partition = String(entry.partition);
    if (entry.offset <= (offsets[partition] ?? -1)) continue;
    offsets[partition] = entry.offset;
    added += 1;
    if (entry.id !== undefined) {
      if (ids.has(entry.id)) {
        counts.duplicates += 1;
        continue;
      }
      if (ids.size < MAX_IDS_PER_WINDOW) ids.add(entry.id);
      else idsFull = true;
    }
    if ('client' in entry) {
      counts.requests += 1;
      increment(counts.clients, entry.client);
    } else {
      counts.accesses += 1;
      increment(counts.devices, entry.device);
      increment(counts.contentTypes, entry.contentType);
      increment(counts.countries, entry.country);
    }
  }
  if (added === 0) return undefined;
  foldClients(counts);
  counts.devices = foldBreakdown(counts.devices);
  counts.contentTypes = foldBreakdown(counts.contentTypes);
  counts.countries = foldBreakdown(counts.countries);
  return { version: (stored?.version ?? 0) + 1, offsets, ids: [...ids], idsFull, counts };
}

function increment(counts: Record<string, number>, value: string): void {
  const key = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  counts[key] = (counts[key] ?? 0) + 1;
}

function cloneCounts(counts: WindowCounts): WindowCounts {
  return {
    ...counts,
    clients: countMap(counts.clients),
    devices: countMap(counts.devices),
    contentTypes: countMap(counts.contentTypes),
    countries: countMap(counts.countries),
  };
}

/** The busiest `MAX_VALUES_PER_BREAKDOWN` values, and the rest added up under `other`. */
function foldBreakdown(counts: Record<string, number>): Record<string, number> {
  const entries = Object.entries(counts);
  if (entries.length <= MAX_VALUES_PER_BREAKDOWN) return counts;
  entries.sort((a, b) => b[1] - a[1]);
  const folded = countMap(Object.fromEntries(entries.slice(0, MAX_VALUES_PER_BREAKDOWN - 1)));
  const rest = entries.slice(MAX_VALUES_PER_BREAKDOWN - 1);
  folded[OTHER] = (folded[OTHER] ?? 0) + rest.reduce((sum, [, count]) => sum + count, 0);
  return folded;
}

/** Keeps the busiest `MAX_CLIENTS_PER_WINDOW` clients by name; the rest become totals. */
function foldClients(counts: WindowCounts): void {
  const clients = Object.entries(counts.clients);
  if (clients.length <= MAX_CLIENTS_PER_WINDOW) return;
  clients.sort((a, b) => b[1] - a[1]);
  const kept = clients.slice(0, MAX_CLIENTS_PER_WINDOW);
  for (const [, requests] of clients.slice(MAX_CLIENTS_PER_WINDOW)) {
    counts.foldedClients += 1;
    counts.foldedRequests += requests;
  }
  counts.clients = countMap(Object.fromEntries(kept));
}

/** A minute's windows added up: the figures the minute is judged and reported on. */
export interface MinuteTotals {
  readonly requests: number;
  readonly distinctClients: number;
  /** True when some window folded clients: `distinctClients` is then an upper bound. */
  readonly clientsEstimated: boolean;
  /** The busiest clients, most requests first (ties by address). */
  readonly topClients: readonly { readonly client: string; readonly requests: number }[];
  readonly accesses: number;
  readonly devices: Readonly<Record<string, number>>;
  readonly contentTypes: Readonly<Record<string, number>>;
  readonly countries: Readonly<Record<string, number>>;
}

/** How many of the busiest clients a minute reports. */
export const TOP_CLIENTS = 5;

export function addWindows(windows: readonly WindowCounts[]): MinuteTotals {
  const clients = new Map<string, number>();
  let requests = 0;
  let folded = 0;
  let accesses = 0;
  const devices = countMap();
  const contentTypes = countMap();
  const countries = countMap();
  for (const window of windows) {
    requests += window.requests;
    accesses += window.accesses;
    folded += window.foldedClients;
    for (const [client, count] of Object.entries(window.clients))
      clients.set(client, (clients.get(client) ?? 0) + count);
    addInto(devices, window.devices);
    addInto(contentTypes, window.contentTypes);
    addInto(countries, window.countries);
  }
  const topClients = [...clients]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_CLIENTS)
    .map(([client, count]) => ({ client, requests: count }));
  return {
    requests,
    distinctClients: clients.size + folded,
    clientsEstimated: folded > 0,
    topClients,
    accesses,
    devices,
    contentTypes,
    countries,
  };
}

function addInto(total: Record<string, number>, part: Readonly<Record<string, number>>): void {
  for (const [key, count] of Object.entries(part)) total[key] = (total[key] ?? 0) + count;
}
