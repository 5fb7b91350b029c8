import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  KafkaTopics,
  encodeTopicConfigs,
  topicConfigs,
} from '../../../../../infra/aws/constructs/kafka-topics';
import type { Topic } from '../../../../../infra/platform';

function decodeBase64(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}

const topic: Topic = {
  name: 'orders.v1',
  dataset: 'transactions',
  partitions: 6,
  retentionHours: 72,
  cleanupPolicy: 'compact,delete',
  maxMessageBytes: 2_097_152,
  keyColumn: 'customer_id',
};

describe('topic configs', () => {
  it('translates retention hours to milliseconds and keeps the cleanup policy and batch limit', () => {
    expect(topicConfigs(topic)).toEqual({
      'cleanup.policy': 'compact,delete',
      'retention.ms': '259200000',
      'max.message.bytes': '2097152',
    });
  });

  it('encodes them as Base64 of a JSON object of strings, the form the MSK topic API takes', () => {
    const encoded = encodeTopicConfigs(topicConfigs(topic));

    expect(JSON.parse(decodeBase64(encoded))).toEqual({
      'cleanup.policy': 'compact,delete',
      'retention.ms': '259200000',
      'max.message.bytes': '2097152',
    });
  });
});

describe('KafkaTopics', () => {
  it('declares one AWS::MSK::Topic per topic with the given replication factor', () => {
    const stack = new Stack(new App(), 'Topics');
    const topics = new KafkaTopics(stack, 'Topics', {
      clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/c/0000-1',
      topics: [topic, { ...topic, name: 'other', partitions: 1 }],
      replicationFactor: 2,
    });
    const template = Template.fromStack(stack);

    expect([...topics.topics.keys()]).toEqual(['orders.v1', 'other']);
    template.resourceCountIs('AWS::MSK::Topic', 2);
    template.hasResourceProperties('AWS::MSK::Topic', {
      ClusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/c/0000-1',
      TopicName: 'orders.v1',
      PartitionCount: 6,
      ReplicationFactor: 2,
    });
    const configs = Object.values(template.findResources('AWS::MSK::Topic')).map(
      (resource) => JSON.parse(decodeBase64(resource.Properties.Configs as string)) as unknown,
    );
    expect(configs).toEqual([
      {
        'cleanup.policy': 'compact,delete',
        'retention.ms': '259200000',
        'max.message.bytes': '2097152',
      },
      {
        'cleanup.policy': 'compact,delete',
        'retention.ms': '259200000',
        'max.message.bytes': '2097152',
      },
    ]);
  });
});
