/**
 * One user's recommendations from the two tables: the reads, in as few round trips as their
 * dependencies allow, then the pure steps (seeds.ts, blend.ts).
 *
 * 1. At once: the user's newest live activity (Query) and the snapshot pointer (cached); as soon
 *    as the pointer is known, the user's profile in that snapshot (GetItem).
 * 2. Then one BatchGetItem for the model items the history points to: each seed's
 *    `product#<id>`, the country's `popular#<country>` and `popular#*`. The seeds and the country
 *    depend on the profile, which is why the profile is not in this batch.
 *
 * Before the first export there is no pointer, no model and so nothing to blend: the answer is an
 * empty list with `model_date: null`.
 */
import {
  MODEL_KEYS,
  type CustomerProfileItem,
  type RecommendationsAnswer,
} from '../../infra/aws/facts/recommendations';
import type { Recommendations } from '../../infra/platform';
import type { RetryPolicy } from '../shared/backoff';
import { blendRecommendations, type PopularProduct, type RelatedProduct } from './blend';
import {
  batchGetModelItems,
  getModelItem,
  modelKeyOf,
  queryRecentActivity,
  type DynamoDbReads,
  type Item,
  type ModelKey,
} from './dynamodb-reads';
import type { RecommendationsRequest } from './request';
import { collectSeeds, countryOf, justBought, liveActivity } from './seeds';
import type { SnapshotPointer } from './snapshot-pointer';

export interface RecommenderDependencies {
  readonly dynamodb: DynamoDbReads;
  readonly tables: { readonly recentActivityTableName: string; readonly modelTableName: string };
  readonly settings: Pick<
    Recommendations,
    'recentActivityDays' | 'recentActivityPerUser' | 'justBoughtDays'
  >;
  readonly snapshotPointer: () => Promise<SnapshotPointer | undefined>;
  /** How a BatchGetItem's unprocessed keys are asked again. */
  readonly unprocessedKeysRetry: RetryPolicy;
  readonly now: () => Date;
}

const MS_PER_DAY = 86_400_000;

export function createRecommender(
  dependencies: RecommenderDependencies,
): (request: RecommendationsRequest) => Promise<RecommendationsAnswer> {
  const { dynamodb, tables, settings } = dependencies;
  return async ({ userId, limit }) => {
    const now = dependencies.now();
    const pointer = dependencies.snapshotPointer();
    const [snapshot, activityItems, profile] = await Promise.all([
      pointer,
      queryRecentActivity(dynamodb, tables.recentActivityTableName, {
        userId,
        since: new Date(now.getTime() - settings.recentActivityDays * MS_PER_DAY).toISOString(),
        limit: settings.recentActivityPerUser,
      }),
      pointer.then((found) =>
        found
          ? getModelItem(dynamodb, tables.modelTableName, {
              pk: MODEL_KEYS.customer(userId),
              sk: found.as_of_date,
            })
          : undefined,
      ),
    ]);
    const generatedAt = now.toISOString();
    if (!snapshot) {
      return {
        user_id: userId,
        strategy: 'popular',
        model_date: null,
        generated_at: generatedAt,
        recommendations: [],
      };
    }

    const activity = liveActivity(activityItems, Math.floor(now.getTime() / 1000));
    // An item of the export's; seeds.ts reads only what has the shape it expects.
    const customer = profile as Partial<CustomerProfileItem> | undefined;
    const seeds = collectSeeds(activity, customer);
    const country = countryOf(activity, customer);
    const date = snapshot.as_of_date;
    const popularKeys = [
      ...(country === undefined ? [] : [MODEL_KEYS.popular(country)]),
      MODEL_KEYS.popularEverywhere,
    ];
    const items = byKey(
      await batchGetModelItems(
        dynamodb,
        tables.modelTableName,
        [
          ...seeds.map((seed): ModelKey => ({ pk: MODEL_KEYS.product(seed.productId), sk: date })),
          ...popularKeys.map((pk): ModelKey => ({ pk, sk: date })),
        ],
        dependencies.unprocessedKeysRetry,
      ),
      date,
    );

    const blend = blendRecommendations({
      seeds,
      related: new Map(
        seeds.map((seed) => [
          seed.productId,
          listOf<RelatedProduct>(items.get(MODEL_KEYS.product(seed.productId)), 'related'),
        ]),
      ),
      popular: [...new Set(popularKeys)].map((pk) =>
        listOf<PopularProduct>(items.get(pk), 'products'),
      ),
      justBought: justBought(activity, customer, now, settings.justBoughtDays),
      limit,
    });
    return {
      user_id: userId,
      strategy: blend.strategy,
      model_date: date,
      generated_at: generatedAt,
      recommendations: blend.recommendations,
    };
  };
}

/** The snapshot's items by `pk`. */
function byKey(items: readonly Item[], date: string): Map<string, Item> {
  const found = new Map<string, Item>();
  for (const item of items) {
    const key = modelKeyOf(item);
    if (key?.sk === date) found.set(key.pk, item);
  }
  return found;
}

/** An item's list attribute; entries the blend cannot read are left out there. */
function listOf<T>(item: Item | undefined, attribute: string): readonly T[] {
  const list = item?.[attribute];
  return Array.isArray(list)
    ? (list.filter((entry) => typeof entry === 'object' && entry !== null) as T[])
    : [];
}
