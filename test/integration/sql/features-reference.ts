/**
 * The curated `customer_features` and `churn_training` snapshots, computed here from typed clean
 * records, apart from the Glue jobs' module (infra/glue/hybrid_lake_etl/features.py): the
 * tests write them into the curated zone the warehouse loads, and hold the jobs' own output
 * against them.
 */
import { createHash } from 'node:crypto';
import type { Interaction, Transaction } from '../../../scripts/generate-data/records';
import { utcDay } from './rfm-reference';

const DAY_MS = 86_400_000;
/** The short window, and the churn window after the cut-off. */
export const RECENT_DAYS = 30;
/** The long window, and what "active" means at the cut-off. */
export const BEHAVIOUR_DAYS = 90;

export interface FeatureRow {
  as_of_date: string;
  customer_id: string;
  currency: string | null;
  tenure_days: number;
  recency_days: number;
  orders: number;
  orders_30d: number;
  orders_90d: number;
  mean_gap_days: number;
  spend_pct: number;
  basket_pct: number;
  categories: number;
  sessions_30d: number;
  views_per_session_90d: number;
  cart_adds_90d: number;
  mobile_share_90d: number;
}

export interface TrainingRow extends FeatureRow {
  cutoff_date: string;
  churned: number;
  holdout: boolean;
}

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** (smaller + equal / 2) / n: where each value stands among `values`, ties alike. */
function midrank(values: readonly number[]): number[] {
  return values.map((value) => {
    const smaller = values.filter((other) => other < value).length;
    const equal = values.filter((other) => other === value).length;
    return (smaller + equal / 2) / values.length;
  });
}

export function customerFeatures(
  transactions: readonly Transaction[],
  interactions: readonly Interaction[],
  asOf: string,
): FeatureRow[] {
  const byOrder = new Map<string, Transaction[]>();
  for (const line of transactions) {
    if (utcDay(line.transaction_time) > asOf) continue;
    const key = `${line.customer_id}|${line.order_id}`;
    const lines = byOrder.get(key) ?? [];
    lines.push(line);
    byOrder.set(key, lines);
  }
  const orders = new Map<string, { day: string; cents: number; currency: string }[]>();
  const categories = new Map<string, Set<string>>();
  for (const lines of byOrder.values()) {
    const customer = lines[0]!.customer_id;
    const day = lines.map((line) => utcDay(line.transaction_time)).sort()[0]!;
    const cents = lines.reduce((sum, line) => sum + line.quantity * line.unit_price_cents, 0);
    const placed = orders.get(customer) ?? [];
    placed.push({ day, cents, currency: lines[0]!.currency });
    orders.set(customer, placed);
    for (const line of lines)
      categories.set(customer, (categories.get(customer) ?? new Set()).add(line.product_category));
  }
  const visits = new Map<string, Interaction[]>();
  for (const each of interactions) {
    if (each.customer_id === null) continue;
    const age = daysBetween(utcDay(each.interaction_time), asOf);
    if (age < 0 || age >= BEHAVIOUR_DAYS) continue;
    const list = visits.get(each.customer_id) ?? [];
    list.push(each);
    visits.set(each.customer_id, list);
  }
  const rows = [...orders.entries()].map(([customer, placed]) => {
    const days = placed.map((order) => order.day).sort();
    const first = days[0]!;
    const last = days.at(-1)!;
    const tenure = daysBetween(first, asOf);
    const spent = placed.reduce((sum, order) => sum + order.cents, 0);
    const seen = visits.get(customer) ?? [];
    const sessions = new Set(seen.map((each) => each.session_id));
    const recentSessions = new Set(
      seen
        .filter((each) => daysBetween(utcDay(each.interaction_time), asOf) < RECENT_DAYS)
        .map((each) => each.session_id),
    );
    // The latest order's currency; on a tie of days, the greater currency code.
    const latest = [...placed]
      .sort((a, b) => a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency))
      .at(-1)!;
    const within = (window: number) =>
      placed.filter((order) => daysBetween(order.day, asOf) < window).length;
    return {
      row: {
        as_of_date: asOf,
        customer_id: customer,
        currency: latest.currency,
        tenure_days: tenure,
        recency_days: daysBetween(last, asOf),
        orders: placed.length,
        orders_30d: within(RECENT_DAYS),
        orders_90d: within(BEHAVIOUR_DAYS),
        mean_gap_days: placed.length > 1 ? daysBetween(first, last) / (placed.length - 1) : tenure,
        spend_pct: 0,
        basket_pct: 0,
        categories: categories.get(customer)!.size,
        sessions_30d: recentSessions.size,
        views_per_session_90d:
          sessions.size > 0
            ? seen.filter((each) => each.interaction_type === 'view').length / sessions.size
            : 0,
        cart_adds_90d: seen.filter((each) => each.interaction_type === 'add_to_cart').length,
        mobile_share_90d:
          seen.length > 0
            ? seen.filter((each) => each.device === 'mobile').length / seen.length
            : 0,
      } satisfies FeatureRow,
      spent,
      averageOrder: spent / placed.length,
    };
  });
  for (const currency of new Set(rows.map((each) => each.row.currency))) {
    const members = rows.filter((each) => each.row.currency === currency);
    const spend = midrank(members.map((each) => each.spent));
    const basket = midrank(members.map((each) => each.averageOrder));
    members.forEach((each, index) => {
      each.row.spend_pct = spend[index]!;
      each.row.basket_pct = basket[index]!;
    });
  }
  return rows.map((each) => each.row).sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
}

/** One customer in five, by the first 32 bits of the MD5 of the id. */
export function isHoldout(customerId: string): boolean {
  return parseInt(createHash('md5').update(customerId).digest('hex').slice(0, 8), 16) % 5 === 0;
}

export function churnTraining(
  transactions: readonly Transaction[],
  interactions: readonly Interaction[],
  asOf: string,
): TrainingRow[] {
  const cutoff = new Date(Date.parse(asOf) - RECENT_DAYS * DAY_MS).toISOString().slice(0, 10);
  const orderedAfter = new Set(
    transactions
      .filter((line) => {
        const day = utcDay(line.transaction_time);
        return day > cutoff && day <= asOf;
      })
      .map((line) => line.customer_id),
  );
  return customerFeatures(transactions, interactions, cutoff)
    .filter((row) => row.recency_days < BEHAVIOUR_DAYS)
    .map((row) => ({
      ...row,
      as_of_date: asOf,
      cutoff_date: cutoff,
      churned: orderedAfter.has(row.customer_id) ? 0 : 1,
      holdout: isHoldout(row.customer_id),
    }));
}
