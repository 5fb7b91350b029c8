/**
 * The streaming facts, read by the StreamingStack and the local runtime alike: the cluster's
 * name and each topic's Kafka-level settings, derived from the platform definition.
 */
import { resourcePrefix, type Platform, type Topic } from '../../platform';

const MILLISECONDS_PER_HOUR = 3_600_000;

/** `hybrid-lake-dev-kafka`: the MSK cluster, and the `Cluster Name` of its AWS/Kafka metrics. */
export function kafkaClusterName(platform: Platform): string {
  return `${resourcePrefix(platform)}-kafka`;
}

/** How long a topic keeps its records (`retention.ms`). */
export function topicRetentionMs(topic: Topic): number {
  return topic.retentionHours * MILLISECONDS_PER_HOUR;
}

/** The Kafka topic-level settings the platform definition decides, as Kafka names them. */
export function topicConfigs(topic: Topic): Record<string, string> {
  return {
    'cleanup.policy': topic.cleanupPolicy,
    'retention.ms': String(topicRetentionMs(topic)),
    'max.message.bytes': String(topic.maxMessageBytes),
  };
}
