/**
 * The structured stream datasets (access events, shop interactions, order lines) for a whole
 * day: the producer's own generators and world make the records, so a generated day and a live
 * run of `npm run produce` look alike; a few records are spoiled the way real feeds break
 * (a lost id, a clock that is not a clock, a number that is not a number) and marked rejected.
 */
import type { SourceDataset } from '../../infra/platform';
import type { World } from '../produce-events/world';
import { GENERATORS, type GeneratedRecord } from '../produce-events/generators';
import type { Random } from '../produce-events/random';
import { chooseSpoiled, spoiledCount, type Corruption, type Draft, type RawRecord } from './drafts';
import type { AccessEvent, Interaction, Transaction } from './records';

/** Share of each stream dataset's records that arrive spoiled, and the fewest in any day. */
export const DIRTY_SHARE = 0.015;
export const MIN_DIRTY = 5;

interface StreamSpec<T> {
  readonly dataset: 'access_events' | 'interactions' | 'transactions';
  readonly toRecord: (raw: GeneratedRecord) => T;
  readonly corruptions: readonly Corruption[];
}

const text = (raw: GeneratedRecord, column: string): string => String(raw[column]);
const textOrNull = (raw: GeneratedRecord, column: string): string | null =>
  raw[column] === null || raw[column] === undefined ? null : String(raw[column]);
const numberOrNull = (raw: GeneratedRecord, column: string): number | null =>
  typeof raw[column] === 'number' ? raw[column] : null;

/** `2026-03-02T20:15:01.123Z` with an hour no clock shows: what a broken formatter writes. */
export function impossibleHour(iso: string): string {
  return `${iso.slice(0, 11)}25${iso.slice(13)}`;
}

/** `19.99` -> 1999, in integers so no float rounding creeps in. */
export function priceCents(price: string): number {
  const [whole = '0', cents = '0'] = price.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

const set =
  (column: string, value: (raw: RawRecord, time: number) => unknown) =>
  (raw: RawRecord, time: number): RawRecord => ({ ...raw, [column]: value(raw, time) });
const without =
  (column: string) =>
  (raw: RawRecord): RawRecord =>
    Object.fromEntries(Object.entries(raw).filter(([name]) => name !== column));

export const ACCESS_EVENTS: StreamSpec<AccessEvent> = {
  dataset: 'access_events',
  toRecord: (raw) => ({
    event_id: text(raw, 'event_id'),
    user_id: text(raw, 'user_id'),
    event_time: new Date(text(raw, 'event_time')),
    device: textOrNull(raw, 'device'),
    content_id: text(raw, 'content_id'),
    content_type: text(raw, 'content_type'),
    country: text(raw, 'country'),
    city: textOrNull(raw, 'city'),
    session_id: text(raw, 'session_id'),
    duration_seconds: numberOrNull(raw, 'duration_seconds'),
  }),
  corruptions: [
    { reason: 'event_id:missing', spoil: set('event_id', () => null) },
    // Epoch numbers are refused: seconds and milliseconds cannot be told apart.
    { reason: 'event_time:not_a_timestamp', spoil: set('event_time', (_, time) => time) },
    {
      reason: 'event_time:not_a_timestamp',
      spoil: set('event_time', (raw) => impossibleHour(String(raw.event_time))),
    },
    {
      reason: 'duration_seconds:not_an_integer',
      spoil: set('duration_seconds', (raw) => `${Math.ceil(Number(raw.duration_seconds) / 60)}m`),
    },
    // An unsigned counter that went below zero: 2^32 - 1 seconds is 136 years of viewing.
    {
      reason: 'duration_seconds:integer_out_of_range',
      spoil: set('duration_seconds', () => 4_294_967_295),
    },
  ],
};

export const INTERACTIONS: StreamSpec<Interaction> = {
  dataset: 'interactions',
  toRecord: (raw) => ({
    interaction_id: text(raw, 'interaction_id'),
    customer_id: textOrNull(raw, 'customer_id'),
    session_id: text(raw, 'session_id'),
    interaction_type: text(raw, 'interaction_type'),
    page_url: text(raw, 'page_url'),
    product_id: textOrNull(raw, 'product_id'),
    device: text(raw, 'device'),
    interaction_time: new Date(text(raw, 'interaction_time')),
  }),
  corruptions: [
    { reason: 'interaction_id:missing', spoil: without('interaction_id') },
    // A client that sent its whole customer object where the id belongs.
    {
      reason: 'customer_id:not_a_string',
      spoil: set('customer_id', (raw) => ({ id: raw.customer_id ?? 'anonymous', signedIn: true })),
    },
    {
      reason: 'interaction_time:not_a_timestamp',
      spoil: set('interaction_time', (_, time) => Math.floor(time / 1000)),
    },
  ],
};

export const TRANSACTIONS: StreamSpec<Transaction> = {
  dataset: 'transactions',
  toRecord: (raw) => ({
    transaction_id: text(raw, 'transaction_id'),
    order_id: text(raw, 'order_id'),
    customer_id: text(raw, 'customer_id'),
    product_id: text(raw, 'product_id'),
    product_category: text(raw, 'product_category'),
    quantity: Number(raw.quantity),
    unit_price_cents: priceCents(text(raw, 'unit_price')),
    currency: text(raw, 'currency'),
    transaction_time: new Date(text(raw, 'transaction_time')),
    country: text(raw, 'country'),
  }),
  corruptions: [
    { reason: 'transaction_id:missing', spoil: set('transaction_id', () => null) },
    { reason: 'quantity:not_an_integer', spoil: set('quantity', () => 'two') },
    // A decimal comma from a European locale.
    {
      reason: 'unit_price:not_a_decimal',
      spoil: set('unit_price', (raw) => String(raw.unit_price).replace('.', ',')),
    },
    // Eleven digits before the point do not fit decimal(12,2).
    { reason: 'unit_price:decimal_overflow', spoil: set('unit_price', () => '99999999999.99') },
    {
      reason: 'transaction_time:not_a_timestamp',
      spoil: set('transaction_time', (raw) => impossibleHour(String(raw.transaction_time))),
    },
  ],
};

/** Drafts of records that arrive as they are: kept under their record id, none spoiled. */
export function keptDrafts<T>(
  spec: StreamSpec<T>,
  dataset: SourceDataset,
  raws: readonly GeneratedRecord[],
): Draft<T>[] {
  return raws.map((raw) => ({
    time: Date.parse(text(raw, dataset.eventTimeColumn)),
    raw,
    outcome: { kept: true, id: text(raw, dataset.recordIdColumn), record: spec.toRecord(raw) },
  }));
}

/** The day's records of one stream dataset, one per instant of `times`, a few spoiled. */
export function streamDrafts<T>(
  spec: StreamSpec<T>,
  dataset: SourceDataset,
  world: World,
  random: Random,
  dirt: Random,
  times: readonly number[],
): Draft<T>[] {
  const generator = GENERATORS[spec.dataset]!.create(world, random);
  return spoiledDrafts(
    spec,
    dataset,
    times.map((now) => generator.next(new Date(now))),
    dirt,
  );
}

/**
 * Drafts of records already made, in order: a few spoiled the ways `spec` knows, the rest kept
 * under their record id. A record belongs to the instant of its event time.
 */
export function spoiledDrafts<T>(
  spec: StreamSpec<T>,
  dataset: SourceDataset,
  raws: readonly GeneratedRecord[],
  dirt: Random,
): Draft<T>[] {
  const spoiled = chooseSpoiled(
    dirt,
    raws.length,
    spoiledCount(raws.length, DIRTY_SHARE, MIN_DIRTY),
    spec.corruptions,
  );
  return raws.map((raw, position) => {
    // Lines of one order share its payment time, a little before the later lines are drawn.
    const time = Date.parse(text(raw, dataset.eventTimeColumn));
    const corruption = spoiled.get(position);
    if (corruption !== undefined) {
      return {
        time,
        raw: corruption.spoil(raw, time),
        outcome: { kept: false, reason: corruption.reason },
      };
    }
    const record = spec.toRecord(raw);
    return { time, raw, outcome: { kept: true, id: text(raw, dataset.recordIdColumn), record } };
  });
}
