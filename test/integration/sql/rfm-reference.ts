/**
 * The curated `customer_rfm` snapshot as the Glue job clean_to_curated computes it (reference:
 * infra/glue/hybrid_lake_etl/aggregates.py), so the tests can write the curated zone the
 * warehouse loads from: per currency and customer, recency / frequency / monetary as of a day;
 * recency scored on fixed day bands, frequency and monetary value 1..5 within the currency from
 * their mid-rank percentile (equal values score the same; all equal score 3).
 */
import type { Transaction } from '../../../scripts/generate-data/records';

export interface RfmRow {
  currency: string;
  customer_id: string;
  last_purchase_date: string;
  frequency: number;
  /** Total spent, in cents. */
  monetary_cents: number;
  recency_days: number;
  as_of_date: string;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_score: string;
}

const QUINTILES = 5;
const DAY_MS = 86_400_000;

export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** Days since the last purchase up to which each score holds: 5 within a week, … 1 beyond. */
const RECENCY_LIMITS = [7, 30, 90, 180];

function recencyScore(days: number): number {
  return QUINTILES - RECENCY_LIMITS.filter((limit) => days > limit).length;
}

/** ceil(5 × (smaller + equal / 2) / count) for each value among `values`. */
function quintiles(values: readonly number[]): number[] {
  return values.map((value) => {
    const smaller = values.filter((other) => other < value).length;
    const equal = values.filter((other) => other === value).length;
    return Math.ceil((QUINTILES * (smaller + equal / 2)) / values.length - 1e-9);
  });
}

export function customerRfm(transactions: readonly Transaction[], asOf: string): RfmRow[] {
  const groups = new Map<string, Transaction[]>();
  for (const transaction of transactions) {
    if (utcDay(transaction.transaction_time) > asOf) continue;
    const key = `${transaction.currency}|${transaction.customer_id}`;
    groups.set(key, [...(groups.get(key) ?? []), transaction]);
  }
  const rows: RfmRow[] = [...groups.values()].map((lines) => {
    const last = lines
      .map((line) => utcDay(line.transaction_time))
      .sort()
      .at(-1)!;
    return {
      currency: lines[0]!.currency,
      customer_id: lines[0]!.customer_id,
      last_purchase_date: last,
      frequency: new Set(lines.map((line) => line.order_id)).size,
      monetary_cents: lines.reduce((sum, line) => sum + line.quantity * line.unit_price_cents, 0),
      recency_days: (Date.parse(asOf) - Date.parse(last)) / DAY_MS,
      as_of_date: asOf,
      r_score: 0,
      f_score: 0,
      m_score: 0,
      rfm_score: '',
    };
  });
  for (const currency of new Set(rows.map((row) => row.currency))) {
    const members = rows.filter((row) => row.currency === currency);
    const r = members.map((row) => recencyScore(row.recency_days));
    const f = quintiles(members.map((row) => row.frequency));
    const m = quintiles(members.map((row) => row.monetary_cents));
    members.forEach((row, index) => {
      row.r_score = r[index]!;
      row.f_score = f[index]!;
      row.m_score = m[index]!;
      row.rfm_score = `${row.r_score}${row.f_score}${row.m_score}`;
    });
  }
  return rows;
}
