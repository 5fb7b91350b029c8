/**
 * One MSK batch, start to end: every record read to its verdict (`activity-item.ts`), the
 * activity written (`activity-writes.ts`), and what was left out counted by why. The batch either
 * writes all its activity or fails as a whole: a failed write is the table's, not a record's, and
 * a retried batch only writes its items again.
 */
import type { ActivityTopic } from '../../infra/aws/facts/activity';
import type { ActivityItem } from '../../infra/aws/facts/recommendations';
import { readActivity } from './activity-item';
import { writeActivity, type PutActivityItems, type WriteSettings } from './activity-writes';
import { kafkaRecords } from './kafka-records';

export interface ActivitySettings {
  /** The activity topics with their columns (`activityTopics` of the definition). */
  readonly topics: readonly ActivityTopic[];
  /** Days an item is kept after its event (TTL). */
  readonly recentActivityDays: number;
  readonly writes: WriteSettings;
}

export interface ActivityPorts {
  readonly put: PutActivityItems;
  /** Epoch ms. */
  readonly now: () => number;
}

/** Where a record that was left out sits, and why; never its content. */
export interface MalformedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly reason: string;
}

export interface BatchOutcome {
  readonly records: number;
  /** Items written, each key once. */
  readonly written: number;
  readonly anonymous: number;
  readonly expired: number;
  readonly malformed: readonly MalformedRecord[];
}

/** @throws InvalidKafkaEventError, ActivityNotWrittenError, or the write's own error */
export async function recordActivity(
  event: unknown,
  settings: ActivitySettings,
  ports: ActivityPorts,
): Promise<BatchOutcome> {
  const records = kafkaRecords(event, settings.topics);
  const now = ports.now();
  const items: ActivityItem[] = [];
  const malformed: MalformedRecord[] = [];
  let anonymous = 0;
  let expired = 0;
  for (const record of records) {
    const verdict = readActivity(record.value, record.topic, settings.recentActivityDays, now);
    switch (verdict.kind) {
      case 'activity':
        items.push(verdict.item);
        break;
      case 'anonymous':
        anonymous += 1;
        break;
      case 'expired':
        expired += 1;
        break;
      case 'malformed':
        malformed.push({
          topic: record.topic.topic.name,
          partition: record.partition,
          offset: record.offset,
          reason: verdict.reason,
        });
        break;
    }
  }
  const written = await writeActivity(items, ports.put, settings.writes);
  return { records: records.length, written, anonymous, expired, malformed };
}
