/**
 * A batch of up to thousands of objects usually touches a handful of partitions: the batch is
 * collapsed to its distinct partitions, each remembering the records that need it, so the catalog
 * is asked once per partition and a failure fails exactly the records behind it.
 */
import type { PartitionTarget } from './partition-path';

export interface PendingPartition extends PartitionTarget {
  /** SQS message ids of the records whose objects lie in this partition. */
  readonly messageIds: readonly string[];
}

/** Distinct partitions in order of first appearance. Pure. */
export function collapseByPartition(
  records: readonly { readonly messageId: string; readonly partition: PartitionTarget }[],
): PendingPartition[] {
  const byId = new Map<string, { partition: PartitionTarget; messageIds: string[] }>();
  for (const { messageId, partition } of records) {
    const entry = byId.get(partition.id);
    if (entry) entry.messageIds.push(messageId);
    else byId.set(partition.id, { partition, messageIds: [messageId] });
  }
  return [...byId.values()].map(({ partition, messageIds }) => ({ ...partition, messageIds }));
}

/** Partitions grouped by table (the unit of every catalog call), in order of first appearance. */
export function groupByTable<T extends PartitionTarget>(partitions: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const partition of partitions) {
    const key = `${partition.table.database}.${partition.table.table}`;
    const group = groups.get(key);
    if (group) group.push(partition);
    else groups.set(key, [partition]);
  }
  return [...groups.values()];
}
