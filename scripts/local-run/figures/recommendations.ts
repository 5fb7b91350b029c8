/**
 * How good the recommendations API is, against what the generator planted (which nothing the
 * platform reads holds): each customer with an order planned after the day (`next_order`, never
 * written) is asked for ten products, and a hit is any of them in that order. The bar is a
 * popularity baseline computed here from the answer key alone, as the API could at its simplest:
 * the ten best sellers of the customer's country by distinct buyers, bar what they just bought.
 * The API must hit at least twice as often (docs/decisions.md, "How the recommendations are
 * judged").
 */
import type { PlantedCustomer } from '../../generate-data/customer-history';
import type { CleanDay } from '../../generate-data/records';
import type {
  RecommendationFigures,
  RecommendationGroupFigures,
  RecommendationHitFigures,
} from '../report/figures';
import type { AskedRecommendations } from '../marketplace/recommendations-client';
import { percentile } from './invocations';

/** Recommendations asked of each customer and judged (hit rate at 10), and the bar. */
export const RECOMMENDATION_TARGETS = { limit: 10, ratioToBaseline: 2 } as const;
/** The best sellers of the customers whose country is unknown (they never ordered). */
export const EVERYWHERE = '*';

const DAY_MS = 86_400_000;

export interface PopularityBaselineOptions {
  /** The generated day (YYYY-MM-DD): its end is the moment the baseline is computed at. */
  readonly day: string;
  /** Products bought within these days before the day's end are not offered to their buyer. */
  readonly justBoughtDays: number;
  /** Products per list. @default RECOMMENDATION_TARGETS.limit */
  readonly limit?: number;
}

/**
 * The popularity baseline, from the answer key's clean orders (the history and the day): for
 * every planted customer with a next order, the products bought by the most distinct customers
 * in the country of their latest order (everywhere, if they never ordered), most first, ties by
 * id, without those they bought in the last `justBoughtDays` days. Buyers, not units: a few
 * customers buying a product by the dozen do not make it popular.
 */
export function popularityBaseline(
  truth: CleanDay,
  options: PopularityBaselineOptions,
): ReadonlyMap<string, readonly string[]> {
  const limit = options.limit ?? RECOMMENDATION_TARGETS.limit;
  const dayEnd = Date.parse(`${options.day}T00:00:00Z`) + DAY_MS;
  const justBoughtFrom = dayEnd - options.justBoughtDays * DAY_MS;
  const buyers = new Map<string, Map<string, Set<string>>>();
  const latest = new Map<string, { readonly time: number; readonly country: string }>();
  const justBought = new Map<string, Set<string>>();
  for (const line of [...truth.history.transactions, ...truth.transactions]) {
    const time = line.transaction_time.getTime();
    for (const place of [line.country, EVERYWHERE]) {
      const products = buyers.get(place) ?? new Map<string, Set<string>>();
      const buying = products.get(line.product_id) ?? new Set<string>();
      products.set(line.product_id, buying.add(line.customer_id));
      buyers.set(place, products);
    }
    if (time >= (latest.get(line.customer_id)?.time ?? -Infinity))
      latest.set(line.customer_id, { time, country: line.country });
    if (time >= justBoughtFrom && time < dayEnd)
      justBought.set(
        line.customer_id,
        (justBought.get(line.customer_id) ?? new Set()).add(line.product_id),
      );
  }
  const ranked = new Map(
    [...buyers].map(([place, products]) => [
      place,
      [...products]
        .map(([product, who]) => ({ product, buyers: who.size }))
        .sort((a, b) => b.buyers - a.buyers || (a.product < b.product ? -1 : 1))
        .map((entry) => entry.product),
    ]),
  );
  const lists = new Map<string, readonly string[]>();
  for (const customer of truth.plantedCustomers) {
    if (customer.next_order === undefined) continue;
    const place = latest.get(customer.customer_id)?.country ?? EVERYWHERE;
    const skip = justBought.get(customer.customer_id) ?? new Set<string>();
    const best = ranked.get(place) ?? ranked.get(EVERYWHERE) ?? [];
    lists.set(customer.customer_id, best.filter((product) => !skip.has(product)).slice(0, limit));
  }
  return lists;
}

/**
 * The customers who, on the day itself, ordered or did something with a product signed in: what
 * the API's recent activity can hold of them (the history is a backfill, never streamed).
 */
export function customersActiveOnDay(truth: CleanDay): ReadonlySet<string> {
  return new Set([
    ...truth.transactions.map((line) => line.customer_id),
    ...truth.interactions.flatMap((each) =>
      each.customer_id !== null && each.product_id !== null ? [each.customer_id] : [],
    ),
  ]);
}

export interface RecommendationFiguresInput {
  /** The answer key's planted customers; those with a `next_order` are judged. */
  readonly planted: readonly PlantedCustomer[];
  /** The API's answer for each customer judged, by customer id (`askRecommendations`). */
  readonly asked: ReadonlyMap<string, AskedRecommendations>;
  /** `popularityBaseline`'s lists. */
  readonly baseline: ReadonlyMap<string, readonly string[]>;
  /** `customersActiveOnDay`. */
  readonly activeOnDay: ReadonlySet<string>;
  /** @default RECOMMENDATION_TARGETS.limit */
  readonly limit?: number;
}

/** A wiring mistake: a customer judged without an answer or a baseline list. */
export class RecommendationFiguresError extends Error {
  override readonly name = 'RecommendationFiguresError';
}

/** Hits at `limit` of the API and of the baseline, overall, by activity on the day, by strategy. */
export function recommendationFigures(input: RecommendationFiguresInput): RecommendationFigures {
  const limit = input.limit ?? RECOMMENDATION_TARGETS.limit;
  const judged = input.planted.flatMap((customer) => {
    if (customer.next_order === undefined) return [];
    const asked = input.asked.get(customer.customer_id);
    const baseline = input.baseline.get(customer.customer_id);
    if (asked === undefined || baseline === undefined)
      throw new RecommendationFiguresError(
        `customer ${customer.customer_id} has a next order but no ${asked === undefined ? 'answer from the API' : 'baseline list'}`,
      );
    const next = new Set(customer.next_order.product_ids);
    const products = asked.answer.recommendations.map((each) => each.product_id);
    const hit = (list: readonly string[]) => list.slice(0, limit).some((id) => next.has(id));
    return [
      {
        customer_id: customer.customer_id,
        strategy: asked.answer.strategy,
        product_ids: products,
        ms: asked.ms,
        apiHit: hit(products),
        baselineHit: hit(baseline),
        active: input.activeOnDay.has(customer.customer_id),
      },
    ];
  });
  const all = group(judged);
  const latencies = judged.map((each) => each.ms).sort((a, b) => a - b);
  return {
    limit,
    target: RECOMMENDATION_TARGETS.ratioToBaseline,
    ...all,
    // The same customers on both sides: the ratio of the hits is the ratio of the hit rates.
    ratio: all.baseline.hits === 0 ? null : four(all.api.hits / all.baseline.hits),
    strategies: {
      personalised: judged.filter((each) => each.strategy === 'personalised').length,
      popular: judged.filter((each) => each.strategy === 'popular').length,
    },
    activeOnDay: group(judged.filter((each) => each.active)),
    notActiveOnDay: group(judged.filter((each) => !each.active)),
    latencyMs: {
      p50: tenth(percentile(latencies, 0.5)),
      p99: tenth(percentile(latencies, 0.99)),
      max: tenth(latencies.at(-1) ?? 0),
    },
    answers: judged.map(({ customer_id, strategy, product_ids }) => ({
      customer_id,
      strategy,
      product_ids,
    })),
  };
}

function group(
  judged: readonly { readonly apiHit: boolean; readonly baselineHit: boolean }[],
): RecommendationGroupFigures {
  const rate = (hits: number): RecommendationHitFigures => ({
    hits,
    hitRate: judged.length === 0 ? null : four(hits / judged.length),
  });
  return {
    customers: judged.length,
    api: rate(judged.filter((each) => each.apiHit).length),
    baseline: rate(judged.filter((each) => each.baselineHit).length),
  };
}

function four(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function tenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}
