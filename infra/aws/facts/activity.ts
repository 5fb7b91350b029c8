/**
 * The recent-activity consumer's facts (lambdas/record-activity/README.md), read by its construct,
 * the local deployment and the function alike: its settings, the topics it reads with the columns
 * it takes from them, its consumer groups and its metrics. Its names and the table's layout are
 * the recommendations' contract (`recommendations.ts`).
 */
import { topicDataset, type Platform, type Topic } from '../../platform';
import { activityFunctionName } from './recommendations';

/** The defaults of the construct's options; the local deployment reads the same. */
export const ACTIVITY_DEFAULTS = {
  memorySize: 512,
  timeoutSeconds: 60,
  /**
   * Records per invocation: 40 BatchWriteItem calls of 25, a few seconds at most even when
   * DynamoDB leaves some unprocessed (the MSK mapping allows up to 10,000).
   */
  batchSize: 1_000,
  /** How long a mapping gathers a batch: a click reaches the recommendations within about this. */
  maxBatchingWindowSeconds: 1,
  /** Retries of a failed batch before its offsets go to the on-failure queue. */
  maxRetryAttempts: 10,
  /** BatchWriteItem calls one invocation keeps in flight. */
  writeConcurrency: 4,
} as const;

/** The dataset whose records are purchases (`kind: purchase`); every other topic's are interactions. */
export const PURCHASE_DATASET = 'transactions';

/** The column an interaction's `kind` is read from. */
export const INTERACTION_KIND_COLUMN = 'interaction_type';

/** An activity topic with the columns the consumer reads from its records. */
export interface ActivityTopic {
  readonly topic: Topic;
  /** The dataset's record-id column (`transaction_id`, `interaction_id`): the sort key's tail. */
  readonly recordIdColumn: string;
  /** The dataset's event-time column (`transaction_time`, `interaction_time`). */
  readonly eventTimeColumn: string;
  /** `purchase`: every record is a purchase; `interaction`: the kind is `INTERACTION_KIND_COLUMN`. */
  readonly source: 'purchase' | 'interaction';
}

/**
 * The definition's `marketplaceApi.recommendations.activityTopics`, each with its dataset's
 * columns. The schema guarantees the topics exist and their datasets name the customer and the
 * product. @throws PlatformDefinitionError if a topic carries no stream dataset
 */
export function activityTopics(platform: Platform): ActivityTopic[] {
  return platform.marketplaceApi.recommendations.activityTopics.map((name) => {
    const topic = platform.topics.find((candidate) => candidate.name === name)!;
    const dataset = topicDataset(platform, topic);
    return {
      topic,
      recordIdColumn: dataset.recordIdColumn,
      eventTimeColumn: dataset.eventTimeColumn,
      source: dataset.name === PURCHASE_DATASET ? 'purchase' : 'interaction',
    };
  });
}

/** The consumer group of the mapping on `topic` (one mapping per topic, as MSK mappings take one). */
export function activityConsumerGroup(platform: Platform, topic: Topic): string {
  return `${activityFunctionName(platform)}-${topic.name}`;
}

/** The metrics the function emits per invocation (namespace `HybridLake`, dimension `service`). */
export const ACTIVITY_METRICS = {
  /** Records of the batch. */
  recordsRead: 'RecordsRead',
  /** Items written (a record delivered twice in one batch is written once). */
  activityWritten: 'ActivityWritten',
  /** Records without a customer or a product (anonymous views, searches): not activity. */
  anonymousRecords: 'AnonymousRecords',
  /** Records whose event time is already past the table's TTL: they would expire on arrival. */
  expiredRecords: 'ExpiredRecords',
  /** Records that are not JSON objects, or lack their time, id or kind (the lake keeps them). */
  malformedRecords: 'MalformedRecords',
  /** Invocations that failed (the mapping retries the batch). */
  failures: 'Failures',
} as const;
