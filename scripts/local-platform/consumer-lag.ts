/**
 * How far a consumer group is behind on a topic of localcloud's Kafka: the records between its
 * committed offsets and the partitions' ends, summed, as MSK's `SumOffsetLag` counts them. A
 * partition the group never committed counts from the start of what the log still holds.
 */
import type { LocalCloud } from '@hybrid-lake/localcloud';

export function consumerGroupLag(kafka: LocalCloud['kafka'], group: string, topic: string): number {
  const partitions = kafka.topics.topic(topic)?.partitions ?? [];
  return partitions.reduce((sum, partition, index) => {
    const committed = kafka.groups.committed(group, topic, index);
    return (
      sum + partition.logEndOffset - Math.max(committed?.offset ?? 0, partition.logStartOffset)
    );
  }, 0);
}

/** Records the topic holds now (every partition's end offset, summed). */
export function topicEndOffset(kafka: LocalCloud['kafka'], topic: string): number {
  return (kafka.topics.topic(topic)?.partitions ?? []).reduce(
    (sum, partition) => sum + partition.logEndOffset,
    0,
  );
}
