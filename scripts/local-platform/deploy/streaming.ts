/**
 * The StreamingStack's topics on localcloud's Kafka, from the platform definition: the same
 * names, partitions, retention and largest batch. Nothing creates a topic on demand, locally as on the deployed
 * cluster, so a producer naming another topic is refused.
 */
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { Platform } from '../../../infra/platform';
import { topicRetentionMs } from '../../../infra/aws/facts/streaming';

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
