/**
 * What the export's queries must return for a seeded history (recommendation-warehouse.ts),
 * computed here from the seeds, apart from the SQL: the snapshot's rows of the day in key order,
 * every country's best sellers, and each customer's profile.
 */
import { DAY_MS, type RecommendationHistory, type SaleLine } from './recommendation-warehouse';

/** Text order as the warehouse sorts the platform's ids (ASCII). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const saleDay = (sale: SaleLine) => sale.transaction_time.toISOString().slice(0, 10);

/** The sales of the `days` days ending with `day`. */
function within(sales: readonly SaleLine[], day: string, days: number): SaleLine[] {
  const first = new Date(Date.parse(day) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return sales.filter((sale) => saleDay(sale) >= first && saleDay(sale) <= day);
}

export function expectedRelatedRows(history: RecommendationHistory) {
  return history.affinities
    .filter((row) => row.as_of_date === history.day)
    .sort((a, b) => byText(a.product_id, b.product_id) || a.affinity_rank - b.affinity_rank)
    .map(({ product_id, related_product_id, score }) => ({
      product_id,
      related_product_id,
      score,
    }));
}

export function expectedPopularRows(history: RecommendationHistory) {
  return history.popular
    .filter((row) => row.as_of_date === history.day)
    .sort((a, b) => byText(a.country, b.country) || a.popularity_rank - b.popularity_rank)
    .map(({ country, product_id, buyers }) => ({ country, product_id, buyers }));
}

/** Every country's buyers together, ranked as transform 18 ranks a country's. */
export function expectedPopularEverywhere(
  history: RecommendationHistory,
  settings: { readonly popularityDays: number; readonly size: number },
) {
  const counted = new Map<string, { buyers: Set<string>; units: number }>();
  for (const sale of within(history.sales, history.day, settings.popularityDays)) {
    const entry = counted.get(sale.product_id) ?? { buyers: new Set<string>(), units: 0 };
    entry.buyers.add(sale.customer_id);
    entry.units += sale.quantity;
    counted.set(sale.product_id, entry);
  }
  return [...counted]
    .map(([product_id, { buyers, units }]) => ({ product_id, buyers: buyers.size, units }))
    .sort((a, b) => b.buyers - a.buyers || b.units - a.units || byText(a.product_id, b.product_id))
    .slice(0, settings.size)
    .map(({ product_id, buyers }) => ({ product_id, buyers }));
}

export interface ExpectedProfile {
  readonly customer_id: string;
  readonly country: string;
  readonly products: readonly { readonly product_id: string; readonly at: string }[];
}

/**
 * Each customer with a line in the window: the country of their latest line (the later id of two
 * at one time), and their products at their latest purchase, newest first, then by id.
 */
export function expectedProfiles(
  history: RecommendationHistory,
  settings: { readonly profileDays: number; readonly profileProducts: number },
): ExpectedProfile[] {
  const byCustomer = new Map<string, SaleLine[]>();
  for (const sale of within(history.sales, history.day, settings.profileDays))
    byCustomer.set(sale.customer_id, [...(byCustomer.get(sale.customer_id) ?? []), sale]);
  return [...byCustomer]
    .sort(([a], [b]) => byText(a, b))
    .map(([customer_id, lines]) => {
      const latestLine = [...lines].sort(
        (a, b) =>
          b.transaction_time.getTime() - a.transaction_time.getTime() ||
          byText(b.transaction_id, a.transaction_id),
      )[0]!;
      const latestPurchase = new Map<string, number>();
      for (const line of lines)
        latestPurchase.set(
          line.product_id,
          Math.max(latestPurchase.get(line.product_id) ?? 0, line.transaction_time.getTime()),
        );
      const products = [...latestPurchase]
        .sort(([a, at], [b, bt]) => bt - at || byText(a, b))
        .slice(0, settings.profileProducts)
        .map(([product_id, at]) => ({ product_id, at: new Date(at).toISOString() }));
      return { customer_id, country: latestLine.country, products };
    });
}
