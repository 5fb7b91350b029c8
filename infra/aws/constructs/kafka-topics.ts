import { aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Topic } from '../../platform';

const MILLISECONDS_PER_HOUR = 3_600_000;

/** The Kafka topic-level settings the platform definition decides, as Kafka names them. */
export function topicConfigs(topic: Topic): Record<string, string> {
  return {
    'cleanup.policy': topic.cleanupPolicy,
    'retention.ms': String(topic.retentionHours * MILLISECONDS_PER_HOUR),
  };
}

/**
 * `AWS::MSK::Topic` passes `Configs` to the MSK CreateTopic/UpdateTopic APIs, which take the
 * topic-level settings as Base64 of a JSON object of strings (`{"retention.ms":"…"}`), not of a
 * properties file (evidence in docs/decisions.md, "Streaming: topic configs are Base64 JSON").
 */
export function encodeTopicConfigs(configs: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(configs), 'utf8').toString('base64');
}

export interface KafkaTopicsProps {
  /** ARN of an MSK provisioned cluster running Kafka 3.6 or later. */
  readonly clusterArn: string;
  /** The topics of the platform definition. */
  readonly topics: readonly Topic[];
  /** Copies of every partition: the environment's `kafka.replicationFactor`. */
  readonly replicationFactor: number;
}

/** Every topic of the platform definition as a native CloudFormation MSK topic. */
export class KafkaTopics extends Construct {
  /** By topic name. */
  readonly topics: ReadonlyMap<string, msk.CfnTopic>;

  constructor(scope: Construct, id: string, props: KafkaTopicsProps) {
    super(scope, id);
    this.topics = new Map(
      props.topics.map((topic) => [
        topic.name,
        new msk.CfnTopic(this, topic.name, {
          clusterArn: props.clusterArn,
          topicName: topic.name,
          partitionCount: topic.partitions,
          replicationFactor: props.replicationFactor,
          configs: encodeTopicConfigs(topicConfigs(topic)),
        }),
      ]),
    );
  }
}
