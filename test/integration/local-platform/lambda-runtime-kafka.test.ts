/**
 * The local MSK event source mapping: records produced to localcloud's Kafka reach a function as
 * Lambda's MSK event, offsets are committed after success, and a batch that fails every retry
 * is described on the on-failure queue (no records) and skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MSKEvent } from 'aws-lambda';
import { Kafka, logLevel } from 'kafkajs';
import type { LocalFunctionSpec, QueueRef } from '../../../scripts/local-platform/deployment';
import { useLocalCloud } from '../../fixtures/localcloud';
import { createQueue, HANDLERS, logDirectory, useLocalFunctions } from './lambda-runtime-fixtures';

const cloud = useLocalCloud();
const start = useLocalFunctions(cloud);

function kafkaFunction(
  handler: string,
  topic: string,
  onFailure: QueueRef,
  environment: Record<string, string> = {},
): LocalFunctionSpec {
  return {
    functionName: handler,
    service: handler,
    handlerModule: join(HANDLERS, `${handler}.ts`),
    environment,
    timeoutSeconds: 10,
    memoryMiB: 256,
    trigger: {
      kind: 'kafka',
      mappings: [{ topic, consumerGroup: `${handler}-${topic}` }],
      batchSize: 100,
      maxBatchingWindowSeconds: 0.1,
      maxRetryAttempts: 1,
      deadLetterQueue: onFailure,
      eventSourceArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/local/1',
    },
  };
}

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const kafka = new Kafka({ brokers: [cloud().env.KAFKA_BROKERS!], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((value, index) => ({ key: `k${index}`, value, partition: index % 2 })),
  });
  await producer.disconnect();
}

describe('MSK event source mapping', () => {
  it('delivers the records as an MSK event and commits them', async () => {
    cloud().kafka.topics.createTopic('clicks', { partitions: 2, retentionMs: -1 });
    const sqs = new SQSClient(cloud().clientConfig);
    const onFailure = await createQueue(sqs, 'sink-on-failure');
    const sink = join(logDirectory(), 'events.jsonl');
    const functions = await start([
      kafkaFunction('kafka-sink', 'clicks', onFailure, { SINK_FILE: sink }),
    ]);
    await produce('clicks', ['{"n":1}', '{"n":2}', '{"n":3}']);
    await functions.idle({ timeoutMs: 30_000 });

    const invocations = functions.invocations();
    expect(invocations.every((i) => i.trigger === 'kafka' && i.outcome === 'success')).toBe(true);
    const events = readFileSync(sink, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as MSKEvent);
    const records = events.flatMap((event) => {
      expect(event).toMatchObject({
        eventSource: 'aws:kafka',
        eventSourceArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/local/1',
        bootstrapServers: cloud().env.KAFKA_BROKERS,
      });
      return Object.entries(event.records).flatMap(([key, list]) =>
        list.map((record) => {
          expect(key).toBe(`${record.topic}-${record.partition}`);
          return record;
        }),
      );
    });
    expect(
      records
        .map((record) => ({
          partition: record.partition,
          key: Buffer.from(record.key, 'base64').toString(),
          value: Buffer.from(record.value, 'base64').toString(),
          timestampType: record.timestampType,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { partition: 0, key: 'k0', value: '{"n":1}', timestampType: 'CREATE_TIME' },
      { partition: 1, key: 'k1', value: '{"n":2}', timestampType: 'CREATE_TIME' },
      { partition: 0, key: 'k2', value: '{"n":3}', timestampType: 'CREATE_TIME' },
    ]);
  });

  it('describes a batch that failed every retry on the on-failure queue, then moves on', async () => {
    cloud().kafka.topics.createTopic('orders', { partitions: 2, retentionMs: -1 });
    const sqs = new SQSClient(cloud().clientConfig);
    const onFailure = await createQueue(sqs, 'throws-on-failure');
    const functions = await start([kafkaFunction('throws', 'orders', onFailure)]);
    await produce('orders', ['{"n":1}', '{"n":2}']);
    await functions.idle({ timeoutMs: 30_000 });

    const attempts = functions.invocations();
    expect(attempts.map((i) => i.attempt)).toEqual(expect.arrayContaining([1, 2]));
    expect(attempts.every((i) => i.outcome === 'error')).toBe(true);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: onFailure.url, MaxNumberOfMessages: 10 }),
    );
    const records = Messages.map((m) => JSON.parse(m.Body!) as Record<string, any>);
    expect(records.length).toBeGreaterThan(0);
    const [first] = records;
    expect(first!.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
    });
    expect(first!.responseContext.functionError).toBe('DependencyUnavailableError');
    expect(first!.KafkaBatchInfo).toMatchObject({
      eventSourceArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/local/1',
    });
    const described = records.flatMap((record) =>
      Object.keys(record.KafkaBatchInfo.recordsInfo as Record<string, unknown>),
    );
    expect(described.every((key) => /^orders-[01]$/.test(key))).toBe(true);
    // No record content travels to the destination.
    expect(JSON.stringify(records)).not.toContain('"n"');
  });
});
