/**
 * The records of an MSK event (with-msk.html: `records` keyed `topic-partition`), flattened in
 * the event's order, each with the activity topic it came from. Anything else is not an event of
 * the mappings: it fails the invocation (`InvalidKafkaEventError`) rather than being guessed at.
 */
import type { ActivityTopic } from '../../infra/aws/facts/activity';
import { InvalidKafkaEventError } from './errors';

/** One record as the consumer reads it: where it sits, and its base64 value. */
export interface KafkaRecord {
  readonly topic: ActivityTopic;
  readonly partition: number;
  readonly offset: number;
  readonly value: string | null | undefined;
}

/** @throws InvalidKafkaEventError */
export function kafkaRecords(event: unknown, topics: readonly ActivityTopic[]): KafkaRecord[] {
  if (typeof event !== 'object' || event === null) {
    throw new InvalidKafkaEventError('the event is not an object');
  }
  const { eventSource, records } = event as { eventSource?: unknown; records?: unknown };
  if (eventSource !== 'aws:kafka') {
    throw new InvalidKafkaEventError(
      `eventSource must be "aws:kafka"; got ${JSON.stringify(eventSource) ?? 'nothing'}`,
    );
  }
  if (typeof records !== 'object' || records === null || Array.isArray(records)) {
    throw new InvalidKafkaEventError('records must be an object keyed by topic-partition');
  }
  const byName = new Map(topics.map((topic) => [topic.topic.name, topic]));
  const read: KafkaRecord[] = [];
  for (const [groupKey, group] of Object.entries(records)) {
    if (!Array.isArray(group)) {
      throw new InvalidKafkaEventError(`records["${groupKey}"] is not a list of records`);
    }
    for (const record of group as unknown[]) {
      const { topic, partition, offset, value } = (record ?? {}) as Record<string, unknown>;
      if (
        typeof topic !== 'string' ||
        !Number.isInteger(partition) ||
        !Number.isSafeInteger(offset)
      )
        throw new InvalidKafkaEventError(
          `a record of records["${groupKey}"] lacks its topic, partition or offset`,
        );
      const activityTopic = byName.get(topic);
      if (!activityTopic)
        throw new InvalidKafkaEventError(
          `topic "${topic}" is not an activity topic (${[...byName.keys()].join(', ')})`,
        );
      read.push({
        topic: activityTopic,
        partition: partition as number,
        offset: offset as number,
        value: value as string | null | undefined,
      });
    }
  }
  return read;
}
