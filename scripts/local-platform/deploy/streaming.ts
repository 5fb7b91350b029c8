/**
 * The StreamingStack's topics on localcloud's Kafka, from the platform definition: the same
 * names, partitions, retention and largest batch. Nothing creates a topic on demand, locally as on the deployed
 * cluster, so a producer naming another topic is refused.
 */
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { resourcePrefix, type Platform } from '../../../infra/platform';
import { topicRetentionMs } from '../../../infra/aws/facts/streaming';

/** The local MSK mappings' batching window: a consumer waits at most this long for a batch. */
export const LOCAL_KAFKA_BATCHING_WINDOW_SECONDS = 0.25;

/** The cluster's ARN as the local MSK events name their source (the cluster's name, a local id). */
export function localKafkaClusterArn(cloud: LocalCloud, platform: Platform): string {
  return `arn:aws:kafka:${cloud.region}:${cloud.accountId}:cluster/${resourcePrefix(platform)}-kafka/local`;
}

export function deployLocalTopics(cloud: LocalCloud, platform: Platform): string[] {
  return platform.topics.map((topic) => {
    cloud.kafka.topics.createTopic(topic.name, {
      partitions: topic.partitions,
      retentionMs: topicRetentionMs(topic),
      maxMessageBytes: topic.maxMessageBytes,
    });
    return topic.name;
  });
}
