/**
 * The recommendations' facts, read by the stack, the three functions (the activity consumer, the
 * nightly export and the recommender), the OpenAPI document and the local deployment alike: the
 * names, the two tables' layouts and the items each holds.
 *
 * Two tables, because they change at different speeds and are written by different functions:
 * - **recent activity**, written by the consumer of the activity topics as records arrive: one item
 *   per purchase line or interaction with a product, per customer, newest read first, expiring
 *   `recentActivityDays` after the event (TTL);
 * - **recommendation model**, written by the nightly export from the warehouse's snapshot
 *   (`dw.fact_item_affinity`, `dw.fact_popular_product`, the customers' latest orders): items keyed
 *   by what they describe and the snapshot's date, and one pointer to the last snapshot written
 *   in full, flipped last, so a reader never sees a half-written night.
 */
import { resourcePrefix, type Platform } from '../../platform';

/** The folders and Powertools service names of the three functions. */
export const ACTIVITY_SERVICE_NAME = 'record-activity';
export const EXPORT_SERVICE_NAME = 'export-recommendations';
export const RECOMMEND_SERVICE_NAME = 'recommend';

/** `hybrid-lake-dev-record-activity` */
export function activityFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${ACTIVITY_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-export-recommendations` */
export function exportFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${EXPORT_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-recommend` */
export function recommendFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${RECOMMEND_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-recent-activity` */
export function recentActivityTableName(platform: Platform): string {
  return `${resourcePrefix(platform)}-recent-activity`;
}

/** `hybrid-lake-dev-recommendation-model` */
export function recommendationModelTableName(platform: Platform): string {
  return `${resourcePrefix(platform)}-recommendation-model`;
}

/** The path parameter of `GET /v1/recommendations/{user_id}`: the customer id. */
export const USER_ID_PARAMETER = 'user_id';

/** Key attributes and TTL of the recent-activity table (all strings but `expires_at`). */
export const RECENT_ACTIVITY_TABLE = {
  partitionKey: 'customer_id',
  /** `<event time, ISO 8601 UTC with milliseconds>#<record id>`: sorts by time, unique per record. */
  sortKey: 'activity_key',
  ttlAttribute: 'expires_at',
} as const;

/** One item of the recent-activity table. */
export interface ActivityItem {
  readonly customer_id: string;
  readonly activity_key: string;
  readonly product_id: string;
  /** `purchase` for an order line; otherwise the interaction's `interaction_type` (`view`, …). */
  readonly kind: string;
  /** The event's time, ISO 8601 UTC. */
  readonly at: string;
  /** The record's country when it has one (purchases do). */
  readonly country?: string;
  /** Epoch seconds: the event's time plus `recentActivityDays`. */
  readonly expires_at: number;
}

/** The `kind` of an activity item made from a purchase line. */
export const PURCHASE_KIND = 'purchase';

/** Key attributes and TTL of the recommendation-model table (all strings but `expires_at`). */
export const RECOMMENDATION_MODEL_TABLE = {
  partitionKey: 'pk',
  /** The snapshot's `as_of_date` (YYYY-MM-DD), or `current` for the pointer. */
  sortKey: 'sk',
  ttlAttribute: 'expires_at',
} as const;

/** `pk` values: what an item describes. */
export const MODEL_KEYS = {
  /** The pointer item: `{ pk: 'snapshot', sk: 'current', as_of_date }`, written last. */
  snapshot: 'snapshot',
  /** The current-snapshot pointer's sort key. */
  current: 'current',
  product: (productId: string) => `product#${productId}`,
  popular: (country: string) => `popular#${country}`,
  /** The country-less list: every country's buyers together, for a user of unknown country. */
  popularEverywhere: 'popular#*',
  customer: (customerId: string) => `customer#${customerId}`,
} as const;

/** A product's related products, best first (from `dw.fact_item_affinity`). */
export interface RelatedProductsItem {
  readonly pk: string;
  readonly sk: string;
  readonly related: readonly { readonly product_id: string; readonly score: number }[];
  readonly expires_at: number;
}

/** A country's (or everywhere's) best sellers, best first (from `dw.fact_popular_product`). */
export interface PopularProductsItem {
  readonly pk: string;
  readonly sk: string;
  readonly products: readonly { readonly product_id: string; readonly buyers: number }[];
  readonly expires_at: number;
}

/** What the warehouse knows of a customer: where they buy, and what they bought last. */
export interface CustomerProfileItem {
  readonly pk: string;
  readonly sk: string;
  readonly country: string;
  /** Products of the customer's latest orders, newest first, at most `profileProducts`. */
  readonly recent_purchases: readonly { readonly product_id: string; readonly at: string }[];
  readonly expires_at: number;
}

/** The pointer to the last snapshot written in full. */
export interface SnapshotPointerItem {
  readonly pk: typeof MODEL_KEYS.snapshot;
  readonly sk: typeof MODEL_KEYS.current;
  readonly as_of_date: string;
  /** When the export finished, ISO 8601. */
  readonly exported_at: string;
}

/** Why a product is in an answer. */
export type RecommendationReason = 'related' | 'popular';

/** The answer of `GET /v1/recommendations/{user_id}` (200, `application/json`). */
export interface RecommendationsAnswer {
  readonly user_id: string;
  /** `personalised` when any product came from the user's activity, else `popular`. */
  readonly strategy: 'personalised' | 'popular';
  /** The nightly snapshot read (`null` before the first export: then only an empty list). */
  readonly model_date: string | null;
  readonly generated_at: string;
  readonly recommendations: readonly {
    readonly product_id: string;
    /** 1 for the best. */
    readonly rank: number;
    readonly score: number;
    readonly reason: RecommendationReason;
    /** For `related`: the product of the user's activity it is most related to. */
    readonly because_of?: string;
  }[];
}
