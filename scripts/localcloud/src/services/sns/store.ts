import type { LocalCloudContext } from '../../core/context';
import { invalidParameter, subscriptionNotFound, topicNotFound } from './errors';
import type {
  DeliveryRecord,
  PublishedMessage,
  SnsState,
  SubscriptionRecord,
  TopicRecord,
} from './model';

const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(\.fifo)?)$/;

/** Topics, subscriptions and what was published and delivered, in insertion order. */
export class SnsStore {
  topics = new Map<string, TopicRecord>();
  subscriptions = new Map<string, SubscriptionRecord>();
  published: PublishedMessage[] = [];
  deliveries: DeliveryRecord[] = [];

  constructor(private readonly context: LocalCloudContext) {}

  topicArn(name: string): string {
    return `arn:aws:sns:${this.context.region}:${this.context.accountId}:${name}`;
  }

  /** A well-formed topic ARN that names an existing topic. */
  topic(topicArn: string | undefined, parameter = 'TopicArn'): TopicRecord {
    if (topicArn === undefined || topicArn === '')
      throw invalidParameter(
        `Invalid parameter: ${parameter} Reason: no value for required parameter`,
      );
    if (!TOPIC_ARN.test(topicArn)) throw invalidParameter(`Invalid parameter: ${parameter}`);
    const topic = this.topics.get(topicArn);
    if (!topic) throw topicNotFound();
    return topic;
  }

  subscription(subscriptionArn: string | undefined): SubscriptionRecord {
    if (subscriptionArn === undefined || subscriptionArn === '')
      throw invalidParameter(
        'Invalid parameter: SubscriptionArn Reason: no value for required parameter',
      );
    const subscription = this.subscriptions.get(subscriptionArn);
    if (!subscription) throw subscriptionNotFound();
    return subscription;
  }

  subscriptionsOf(topicArn: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((sub) => sub.topicArn === topicArn);
  }

  clear(): void {
    this.topics.clear();
    this.subscriptions.clear();
    this.published = [];
    this.deliveries = [];
  }

  snapshot(): SnsState {
    return structuredClone({
      topics: [...this.topics.values()],
      subscriptions: [...this.subscriptions.values()],
      published: this.published,
      deliveries: this.deliveries,
    });
  }

  restore(state: Partial<SnsState> | undefined): void {
    const saved = structuredClone(state ?? {});
    this.topics = new Map((saved.topics ?? []).map((topic) => [topic.arn, topic]));
    this.subscriptions = new Map((saved.subscriptions ?? []).map((sub) => [sub.arn, sub]));
    this.published = saved.published ?? [];
    this.deliveries = saved.deliveries ?? [];
  }
}

/** Opaque paging over a list, 100 items per page as SNS's List* operations do. */
export function page<T>(items: T[], nextToken: string | undefined, size = 100) {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    start = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > items.length)
      throw invalidParameter('Invalid parameter: NextToken');
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined,
  };
}
