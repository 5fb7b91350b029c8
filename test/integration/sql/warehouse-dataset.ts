/**
 * A small, seeded lake for the warehouse tests: two days of clean-zone records for every dataset
 * (with the duplicates and gaps real data has) and the curated RFM snapshots computed from them.
 * Column names are the platform definition's; the expected answers are computed from these
 * records in TypeScript (expected-answers.ts), never by running SQL.
 */
import { createHash } from 'node:crypto';
import type {
  AccessEvent,
  Customer,
  Interaction,
  Transaction,
  WebLog,
} from '../../../scripts/generate-data/records';
import { customerRfm, type RfmRow } from './rfm-reference';
import {
  churnTraining,
  customerFeatures,
  type FeatureRow,
  type TrainingRow,
} from './features-reference';

export const DAYS = ['2026-03-02', '2026-03-03'] as const;
export const [FIRST_DAY, SECOND_DAY] = DAYS;

// The record types live with the generator of the local run; re-exported for these tests.
export type {
  AccessEvent,
  Customer,
  Interaction,
  Transaction,
  WebLog,
} from '../../../scripts/generate-data/records';
import { seededRandom } from '../../fixtures/seeded-random';

export interface WarehouseDataset {
  readonly accessEvents: AccessEvent[];
  readonly webLogs: WebLog[];
  readonly transactions: Transaction[];
  readonly interactions: Interaction[];
  readonly customers: Customer[];
  /** Records written a second time (a replayed batch): the warehouse must keep one of each. */
  readonly replayed: {
    accessEvents: AccessEvent[];
    webLogs: WebLog[];
    transactions: Transaction[];
  };
  readonly rfm: RfmRow[];
  /** The curated customer snapshots of each day. */
  readonly features: FeatureRow[];
  readonly training: TrainingRow[];
  /** The injected bot-like bursts: [minute start, requests], on the first day. */
  readonly bursts: readonly { readonly minute: Date; readonly requests: number }[];
}

const DEVICES = ['mobile', 'tablet', 'desktop', 'smart_tv', 'console'] as const;
const CONTENT_TYPES = ['movie', 'series', 'documentary', 'live', 'music'] as const;
const PLACES = [
  ['FR', 'Paris'],
  ['FR', 'Lyon'],
  ['DE', 'Berlin'],
  ['DE', 'Hamburg'],
  ['US', 'New York'],
  ['US', null],
] as const;
/** Pages, and the assets they pull in (which the page questions leave out). */
const PAGES = [
  '/',
  '/catalog',
  '/products/p01',
  '/products/p02',
  '/cart',
  '/help',
  '/favicon.ico',
  '/static/app.3f9c.JS',
] as const;
/** Two of the background clients are logged by host name, as a server with lookups on does. */
const HOST_NAMES: Readonly<Record<number, string>> = {
  11: 'dialup-11.pop1.isp.example.net',
  12: 'host-198-51-100-12.residential.broadband-provider.example.net',
};
const PRODUCTS = [
  ['p01', 'books', 1250],
  ['p02', 'books', 899],
  ['p03', 'music', 1999],
  ['p04', 'games', 5999],
  ['p05', 'games', 2450],
  ['p06', 'video', 1500],
  ['p07', 'video', 999],
  ['p08', 'devices', 12900],
] as const;
const COUNTRIES = ['FR', 'DE', 'US', 'ES'] as const;
/** Busy evening hours weigh more, so the peak hours are clear. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 3, 3, 4, 3, 3, 3, 4, 5, 7, 9, 10, 8, 5, 2];

function at(day: string, hour: number, minute: number, second: number): Date {
  return new Date(Date.UTC(...ymd(day), hour, minute, second));
}

function ymd(day: string): [number, number, number] {
  const [year, month, date] = day.split('-').map(Number);
  return [year!, month! - 1, date!];
}

export function generateDataset(seed = 20260302): WarehouseDataset {
  const random = seededRandom(seed);
  const int = (below: number): number => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const weightedHour = (): number => {
    let ticket = random() * HOUR_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
    for (const [hour, weight] of HOUR_WEIGHTS.entries()) {
      ticket -= weight;
      if (ticket < 0) return hour;
    }
    return 23;
  };

  const accessEvents: AccessEvent[] = [];
  const accessEvent = (time: Date): AccessEvent => {
    const content = int(12);
    const [country, city] = pick(PLACES);
    return {
      event_id: `ae-${accessEvents.length + 1}`,
      user_id: `u${String(1 + int(25)).padStart(2, '0')}`,
      event_time: time,
      device: random() < 0.03 ? null : pick(DEVICES),
      content_id: `c${String(content + 1).padStart(2, '0')}`,
      content_type: CONTENT_TYPES[content % CONTENT_TYPES.length]!,
      country,
      city,
      session_id: `s-${int(60)}`,
      duration_seconds: random() < 0.1 ? null : 60 + int(3540),
    };
  };
  for (const day of DAYS) {
    for (let index = 0; index < 110; index += 1)
      accessEvents.push(accessEvent(at(day, weightedHour(), int(60), int(60))));
  }
  // A sharp peak minute on the first evening.
  for (let index = 0; index < 9; index += 1)
    accessEvents.push(accessEvent(at(FIRST_DAY, 20, 15, int(60))));

  const webLogs: WebLog[] = [];
  const webLog = (time: Date, ip: string, method: string, url: string, status: number): WebLog => {
    const userAgent = ip.startsWith('203.') ? 'python-requests/2.32' : 'Mozilla/5.0 (X11; Linux)';
    const stamp = time.toISOString();
    // Drawn for every request, so the random stream is the same whatever the status.
    const bytes = 200 + int(20_000);
    const line = `${ip} - - [${stamp}] "${method} ${url} HTTP/1.1" ${status} ${webLogs.length}`;
    return {
      request_id: createHash('sha256').update(line).digest('hex'),
      client_ip: ip,
      request_time: time,
      method,
      url,
      status,
      // A 304 carries no body: logged as `-`, its size is unknown.
      bytes_sent: status === 304 ? null : bytes,
      referrer: random() < 0.5 ? null : 'https://www.example.com/',
      user_agent: userAgent,
    };
  };
  const background = (day: string, fromHour: number, hours: number): void => {
    for (let minute = 0; minute < hours * 60; minute += 1) {
      const requests = int(4);
      for (let index = 0; index < requests; index += 1) {
        const page = pick(PAGES);
        const url = random() < 0.3 ? `${page}?ref=mail` : page;
        const status = pick([200, 200, 200, 200, 200, 200, 304, 404, 404, 500]);
        const method = random() < 0.85 ? 'GET' : 'POST';
        const time = at(day, fromHour + Math.floor(minute / 60), minute % 60, int(60));
        const client = 1 + int(12);
        webLogs.push(
          webLog(time, HOST_NAMES[client] ?? `198.51.100.${client}`, method, url, status),
        );
      }
    }
  };
  background(FIRST_DAY, 8, 4);
  background(SECOND_DAY, 9, 1);
  const bursts = [
    { minute: at(FIRST_DAY, 10, 30, 0), requests: 45, ip: '203.0.113.66' },
    { minute: at(FIRST_DAY, 11, 45, 0), requests: 25, ip: '203.0.113.77' },
  ];
  for (const burst of bursts)
    for (let index = 0; index < burst.requests; index += 1) {
      const time = new Date(burst.minute.getTime() + int(60) * 1000);
      webLogs.push(webLog(time, burst.ip, 'GET', `/search?q=${int(1000)}`, 200));
    }

  const customers: Customer[] = [];
  const countryOf = new Map<string, string>();
  for (let number = 1; number <= 14; number += 1) {
    const id = `k${String(number).padStart(2, '0')}`;
    const country = pick(COUNTRIES);
    countryOf.set(id, country);
    customers.push({
      customer_id: id,
      full_name: `Customer ${number}`,
      email: `customer.${number}@example.com`,
      country,
      signup_date: `2025-${String(1 + int(12)).padStart(2, '0')}-1${int(10)}`,
      updated_at: at(FIRST_DAY, 2, int(60), int(60)),
    });
  }
  // Second day: two changes (one moves country) and a new customer with no purchases yet.
  customers.push({ ...customers[2]!, country: 'ES', updated_at: at(SECOND_DAY, 3, 0, 0) });
  customers.push({
    ...customers[6]!,
    email: 'new.7@example.com',
    updated_at: at(SECOND_DAY, 4, 0, 0),
  });
  customers.push({
    customer_id: 'k16',
    full_name: 'Customer 16',
    email: 'customer.16@example.com',
    country: 'FR',
    signup_date: SECOND_DAY,
    updated_at: at(SECOND_DAY, 5, 0, 0),
  });
  countryOf.set('k15', 'ES'); // buys, but the register never delivers k15: an inferred member

  const transactions: Transaction[] = [];
  for (const [dayIndex, day] of DAYS.entries()) {
    for (let order = 1; order <= (dayIndex === 0 ? 16 : 9); order += 1) {
      const customer = `k${String(1 + int(15)).padStart(2, '0')}`;
      const currency = random() < 0.75 ? 'EUR' : 'USD';
      const time = at(day, 6 + int(16), int(60), int(60));
      const lines = 1 + int(3);
      for (let line = 1; line <= lines; line += 1) {
        const [productId, category, price] = pick(PRODUCTS);
        transactions.push({
          transaction_id: `t-${dayIndex + 1}-${order}-${line}`,
          order_id: `o-${dayIndex + 1}-${order}`,
          customer_id: customer,
          product_id: productId,
          product_category: category,
          quantity: 1 + int(4),
          unit_price_cents: price,
          currency,
          transaction_time: time,
          country: countryOf.get(customer)!,
        });
      }
    }
  }

  const interactions: Interaction[] = [];
  for (let index = 1; index <= 50; index += 1) {
    const type = pick(['view', 'view', 'search', 'add_to_cart', 'wishlist']);
    const product = type === 'search' ? null : random() < 0.1 ? 'p09' : pick(PRODUCTS)[0];
    interactions.push({
      interaction_id: `i-${index}`,
      customer_id: random() < 0.3 ? null : `k${String(1 + int(15)).padStart(2, '0')}`,
      session_id: `b-${int(20)}`,
      interaction_type: type,
      page_url: product === null ? '/search?q=gift' : `/products/${product}`,
      product_id: product,
      device: pick(['mobile', 'tablet', 'desktop']),
      interaction_time: at(FIRST_DAY, weightedHour(), int(60), int(60)),
    });
  }

  const replayed = {
    accessEvents: accessEvents.filter((_, index) => index % 40 === 3),
    webLogs: webLogs.filter((_, index) => index % 100 === 7),
    transactions: transactions.filter((_, index) => index % 10 === 1),
  };
  const rfm = DAYS.flatMap((day) => customerRfm(transactions, day));
  const features = DAYS.flatMap((day) => customerFeatures(transactions, interactions, day));
  const training = DAYS.flatMap((day) => churnTraining(transactions, interactions, day));
  return {
    accessEvents,
    webLogs,
    transactions,
    interactions,
    customers,
    replayed,
    rfm,
    features,
    training,
    bursts: bursts.map(({ minute, requests }) => ({ minute, requests })),
  };
}
