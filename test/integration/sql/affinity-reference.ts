/**
 * The recommendation tables (`dw.fact_item_affinity`, `dw.fact_popular_product`) as of a day,
 * computed here from typed clean records, apart from the SQL: what the transforms must write.
 */
import type { Interaction, Transaction } from '../../../scripts/generate-data/records';
import { utcDay } from './rfm-reference';

const DAY_MS = 86_400_000;

/** The settings the transforms declare (their `-- @param` lines), as numbers. */
export interface AffinitySettings {
  readonly affinityDays: number;
  readonly coPurchaseDays: number;
  readonly minSupport: number;
  readonly relatedPerProduct: number;
  readonly popularityDays: number;
  readonly popularPerCountry: number;
}

export interface AffinityRow {
  product_id: string;
  related_product_id: string;
  affinity_rank: number;
  score: number;
  co_purchase_customers: number;
  co_view_sessions: number;
}

export interface PopularRow {
  country: string;
  product_id: string;
  popularity_rank: number;
  buyers: number;
  units: number;
}

/** Whether `time` falls on one of the `days` days ending with `asOf` (UTC days). */
function within(time: Date, asOf: string, days: number): boolean {
  const day = utcDay(time);
  const first = new Date(Date.parse(asOf) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return day >= first && day <= asOf;
}

function add<K>(counts: Map<K, Set<string>>, key: K, member: string): void {
  counts.set(key, (counts.get(key) ?? new Set()).add(member));
}

export function expectedAffinities(
  transactions: readonly Transaction[],
  interactions: readonly Interaction[],
  asOf: string,
  settings: AffinitySettings,
): AffinityRow[] {
  const gapMs = settings.coPurchaseDays * DAY_MS;
  const purchases = new Map<string, { product: string; time: number }[]>();
  const buyers = new Map<string, Set<string>>();
  for (const line of transactions) {
    if (!within(line.transaction_time, asOf, settings.affinityDays)) continue;
    const list = purchases.get(line.customer_id) ?? [];
    list.push({ product: line.product_id, time: line.transaction_time.getTime() });
    purchases.set(line.customer_id, list);
    add(buyers, line.product_id, line.customer_id);
  }
  const coPurchases = new Map<string, Set<string>>();
  for (const [customer, list] of purchases)
    for (const one of list)
      for (const other of list)
        if (other.product !== one.product && Math.abs(other.time - one.time) <= gapMs)
          add(coPurchases, `${one.product}|${other.product}`, customer);

  const visits = new Map<string, Set<string>>();
  for (const step of interactions) {
    if (step.product_id === null || !['view', 'add_to_cart'].includes(step.interaction_type))
      continue;
    if (!within(step.interaction_time, asOf, settings.affinityDays)) continue;
    add(visits, step.session_id, step.product_id);
  }
  const sessions = new Map<string, number>();
  const coViews = new Map<string, number>();
  for (const products of visits.values())
    for (const one of products) {
      sessions.set(one, (sessions.get(one) ?? 0) + 1);
      for (const other of products)
        if (other !== one)
          coViews.set(`${one}|${other}`, (coViews.get(`${one}|${other}`) ?? 0) + 1);
    }

  const byProduct = new Map<string, Omit<AffinityRow, 'affinity_rank'>[]>();
  for (const pair of new Set([...coPurchases.keys(), ...coViews.keys()])) {
    const [product = '', related = ''] = pair.split('|');
    const bought = coPurchases.get(pair)?.size ?? 0;
    const seen = coViews.get(pair) ?? 0;
    if (bought + seen < settings.minSupport) continue;
    const cosine = (both: number, one?: number, other?: number) =>
      both > 0 && one !== undefined && other !== undefined ? both / Math.sqrt(one * other) : 0;
    const score =
      (cosine(bought, buyers.get(product)?.size, buyers.get(related)?.size) +
        cosine(seen, sessions.get(product), sessions.get(related))) /
      2;
    const list = byProduct.get(product) ?? [];
    list.push({
      product_id: product,
      related_product_id: related,
      score,
      co_purchase_customers: bought,
      co_view_sessions: seen,
    });
    byProduct.set(product, list);
  }
  const support = (row: Omit<AffinityRow, 'affinity_rank'>) =>
    row.co_purchase_customers + row.co_view_sessions;
  return [...byProduct.values()].flatMap((list) =>
    list
      .sort(
        (a, b) =>
          b.score - a.score ||
          support(b) - support(a) ||
          a.related_product_id.localeCompare(b.related_product_id),
      )
      .slice(0, settings.relatedPerProduct)
      .map((row, index) => ({ ...row, affinity_rank: index + 1 })),
  );
}

export function expectedPopular(
  transactions: readonly Transaction[],
  asOf: string,
  settings: AffinitySettings,
): PopularRow[] {
  const counted = new Map<string, { buyers: Set<string>; units: number }>();
  for (const line of transactions) {
    if (!within(line.transaction_time, asOf, settings.popularityDays)) continue;
    const key = `${line.country}|${line.product_id}`;
    const entry = counted.get(key) ?? { buyers: new Set<string>(), units: 0 };
    entry.buyers.add(line.customer_id);
    entry.units += line.quantity;
    counted.set(key, entry);
  }
  const byCountry = new Map<string, PopularRow[]>();
  for (const [key, { buyers, units }] of counted) {
    const [country = '', product = ''] = key.split('|');
    const rows = byCountry.get(country) ?? [];
    rows.push({ country, product_id: product, popularity_rank: 0, buyers: buyers.size, units });
    byCountry.set(country, rows);
  }
  return [...byCountry.values()].flatMap((rows) =>
    rows
      .sort(
        (a, b) =>
          b.buyers - a.buyers || b.units - a.units || a.product_id.localeCompare(b.product_id),
      )
      .slice(0, settings.popularPerCountry)
      .map((row, index) => ({ ...row, popularity_rank: index + 1 })),
  );
}
