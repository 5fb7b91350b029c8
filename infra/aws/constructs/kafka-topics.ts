import { aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Topic } from '../../platform';
import { topicConfigs } from '../facts/streaming';

export { topicConfigs };

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
