/**
 * What a user's history says, pure: the products to start from (seeds) and how much each counts,
 * the products they have just bought, and their country. Two sources: the recent-activity table
 * (real time, every kind of interaction) and the customer's profile in the nightly model (their
 * latest orders, which may be older than the activity table keeps).
 */
import {
  PURCHASE_KIND,
  type ActivityItem,
  type CustomerProfileItem,
} from '../../infra/aws/facts/recommendations';

/** A product of the user's history, with the weight its related products get. */
export interface Seed {
  readonly productId: string;
  readonly kind: string;
  /** ISO 8601 */
  readonly at: string;
  readonly weight: number;
}

/**
 * How much an event says about what comes next, by kind: a purchase most, then putting in the
 * cart, then looking; anything else (a wish list, a removal) least. The spread is at most two, so
 * recency (below) decides between a newer and an older seed more than their kinds do.
 */
export const KIND_WEIGHTS: Readonly<Record<string, number>> = {
  [PURCHASE_KIND]: 1,
  add_to_cart: 0.85,
  view: 0.7,
};
export const OTHER_KIND_WEIGHT = 0.5;

/**
 * Each older seed counts half the one after it. The shop's customers mostly go on to a product
 * related to what they bought or looked at last, so the newest seed outweighs every older one
 * together when their kinds are alike (1 > ½ + ¼ + …), and whatever the kinds, no seed two or
 * more places older outweighs it (the least kind first, 0.5 × 1, against a purchase, 1 × ¼).
 */
const RECENCY_DECAY = 0.5;

const MS_PER_DAY = 86_400_000;

/** Orders text by UTF-16 code units: the same order on every machine, unlike a locale's. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The activity items still alive: DynamoDB deletes an expired item within days, not at once, and
 * returns it until then. An item without the fields the blend reads is left out too.
 */
export function liveActivity(
  items: readonly Partial<ActivityItem>[],
  nowSeconds: number,
): ActivityItem[] {
  return items.filter(
    (item): item is ActivityItem =>
      typeof item.product_id === 'string' &&
      item.product_id !== '' &&
      typeof item.kind === 'string' &&
      typeof item.at === 'string' &&
      !Number.isNaN(Date.parse(item.at)) &&
      typeof item.expires_at === 'number' &&
      item.expires_at > nowSeconds,
  );
}

interface HistoryEvent {
  readonly productId: string;
  readonly kind: string;
  readonly at: string;
}

/** What the blend reads of a profile; the export writes it, so its shape is checked here. */
export type Profile = Partial<CustomerProfileItem> | undefined;

type Purchase = CustomerProfileItem['recent_purchases'][number];

function historyOf(activity: readonly ActivityItem[], profile: Profile): HistoryEvent[] {
  const listed: readonly unknown[] = Array.isArray(profile?.recent_purchases)
    ? profile.recent_purchases
    : [];
  const purchases = listed.filter(
    (purchase): purchase is Purchase =>
      typeof purchase === 'object' &&
      purchase !== null &&
      typeof (purchase as Purchase).product_id === 'string' &&
      (purchase as Purchase).product_id !== '' &&
      typeof (purchase as Purchase).at === 'string' &&
      !Number.isNaN(Date.parse((purchase as Purchase).at)),
  );
  return [
    ...activity.map((item) => ({ productId: item.product_id, kind: item.kind, at: item.at })),
    ...purchases.map((purchase) => ({
      productId: purchase.product_id,
      kind: PURCHASE_KIND,
      at: purchase.at,
    })),
  ];
}

/** Newest first; at the same instant a purchase first, then by kind and product, so the order is total. */
function newestFirst(a: HistoryEvent, b: HistoryEvent): number {
  return (
    Date.parse(b.at) - Date.parse(a.at) ||
    Number(b.kind === PURCHASE_KIND) - Number(a.kind === PURCHASE_KIND) ||
    byCodeUnits(a.kind, b.kind) ||
    byCodeUnits(a.productId, b.productId)
  );
}

/**
 * One seed per product of the activity and the profile's purchases, its newest event kept,
 * newest first, weighted `KIND_WEIGHTS[kind] × RECENCY_DECAY^position`.
 */
export function collectSeeds(activity: readonly ActivityItem[], profile: Profile): Seed[] {
  const newest = new Map<string, HistoryEvent>();
  for (const event of historyOf(activity, profile).sort(newestFirst)) {
    if (!newest.has(event.productId)) newest.set(event.productId, event);
  }
  return [...newest.values()].map((event, position) => ({
    ...event,
    weight: (KIND_WEIGHTS[event.kind] ?? OTHER_KIND_WEIGHT) * RECENCY_DECAY ** position,
  }));
}

/** Products the user bought within `justBoughtDays` of `now`, from either source. */
export function justBought(
  activity: readonly ActivityItem[],
  profile: Profile,
  now: Date,
  justBoughtDays: number,
): Set<string> {
  const since = now.getTime() - justBoughtDays * MS_PER_DAY;
  return new Set(
    historyOf(activity, profile)
      .filter((event) => event.kind === PURCHASE_KIND && Date.parse(event.at) >= since)
      .map((event) => event.productId),
  );
}

/** The profile's country, else the newest activity item's that has one. */
export function countryOf(activity: readonly ActivityItem[], profile: Profile): string | undefined {
  if (typeof profile?.country === 'string' && profile.country !== '') return profile.country;
  const newest = [...activity]
    .filter((item) => typeof item.country === 'string' && item.country !== '')
    .sort(
      (a, b) => Date.parse(b.at) - Date.parse(a.at) || byCodeUnits(b.activity_key, a.activity_key),
    );
  return newest[0]?.country;
}
