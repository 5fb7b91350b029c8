import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  KafkaTopics,
  encodeTopicConfigs,
  topicConfigs,
} from '../../../../../infra/aws/constructs/kafka-topics';
import type { Topic } from '../../../../../infra/platform';

const topic: Topic = {
  name: 'orders.v1',
  dataset: 'transactions',
  partitions: 6,
  retentionHours: 72,
  cleanupPolicy: 'compact,delete',
};

describe('topic configs', () => {
  it('translates retention hours to milliseconds and keeps the cleanup policy', () => {
    expect(topicConfigs(topic)).toEqual({
      'cleanup.policy': 'compact,delete',
      'retention.ms': '259200000',
    });
  });

  it('encodes them as a Base64 properties file, the form the MSK topic API uses', () => {
    const encoded = encodeTopicConfigs(topicConfigs(topic));

    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(
      'cleanup.policy=compact,delete\nretention.ms=259200000',
    );
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
      Configs: Buffer.from('cleanup.policy=compact,delete\nretention.ms=259200000').toString(
        'base64',
      ),
    });
  });
});
