/**
 * The activity consumer as deployed locally: records produced to localcloud's Kafka the way the
 * platform's producers write them reach the real handler through the local MSK mappings, and
 * each customer's recent activity is read back from localcloud's DynamoDB as the recommender will
 * read it (a Query, newest first). Failed writes fail the batch; the retried batch writes the same
 * items again, never new ones.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Kafka, logLevel } from 'kafkajs';
import {
  RECENT_ACTIVITY_TABLE,
  activityFunctionName,
} from '../../../../infra/aws/facts/recommendations';
import {
  loadPlatform,
  messageHeaders,
  topicDataset,
  topicMessage,
} from '../../../../infra/platform';
import type { LocalDeployment } from '../../../../scripts/local-platform/deployment';
import { deployLocalPlatform } from '../../../../scripts/local-platform/deploy';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../../scripts/local-platform/lambda-runtime';
import { INTERACTION, TRANSACTION } from '../../../fixtures/marketplace-records';
import { useLocalCloud } from '../../../fixtures/localcloud';

const platform = loadPlatform('dev');
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const logDirectory = mkdtempSync(join(tmpdir(), 'record-activity-'));
const functionName = activityFunctionName(platform);
const DAYS = platform.marketplaceApi.recommendations.recentActivityDays;
let deployment: LocalDeployment;
let functions: LocalFunctions;

beforeAll(async () => {
  deployment = await deployLocalPlatform(cloud(), { platform });
  functions = await startLocalFunctions(
    cloud(),
    deployment.functions.filter((fn) => fn.functionName === functionName),
    { logDirectory },
  );
}, 60_000);
afterAll(async () => {
  await functions?.stop();
});
afterEach(() => cloud().faults.clear());

/** `hours` before now, as the records carry their time. */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

function purchase(customer: string, id: string, product: string, at: string): object {
  return {
    ...TRANSACTION,
    transaction_id: id,
    customer_id: customer,
    product_id: product,
    transaction_time: at,
  };
}

function interaction(
  customer: string | null,
  id: string,
  product: string | null,
  type: string,
  at: string,
): object {
  return {
    ...INTERACTION,
    interaction_id: id,
    customer_id: customer,
    product_id: product,
    interaction_type: type,
    interaction_time: at,
  };
}

/** Produces records as the event producer and the marketplace API do: keyed, with their headers. */
async function produce(topicName: string, records: readonly (object | string)[]): Promise<void> {
  const topic = platform.topics.find((candidate) => candidate.name === topicName)!;
  const headers = messageHeaders(topicDataset(platform, topic));
  const kafka = new Kafka({ brokers: [cloud().env.KAFKA_BROKERS!], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: topicName,
      acks: -1,
      messages: records.map((record) =>
        typeof record === 'string'
          ? { key: 'malformed', value: record, headers: { ...headers } }
          : (({ key, value }) => ({ key, value, headers: { ...headers } }))(
              topicMessage(topic, headers, record as Record<string, unknown>),
            ),
      ),
    });
  } finally {
    await producer.disconnect();
  }
}

/** A customer's activity as the recommender reads it: one Query, newest first. */
async function activityOf(customer: string): Promise<Record<string, AttributeValue>[]> {
  const dynamodb = new DynamoDBClient(cloud().clientConfig);
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: deployment.marketplaceApi.recommendationTables.recentActivityTableName,
      KeyConditionExpression: '#customer = :customer',
      ExpressionAttributeNames: { '#customer': RECENT_ACTIVITY_TABLE.partitionKey },
      ExpressionAttributeValues: { ':customer': { S: customer } },
      ScanIndexForward: false,
    }),
  );
  return Items;
}

const text = (item: Record<string, AttributeValue>, name: string) => item[name]?.S;

async function onFailureDepth(): Promise<string | undefined> {
  const spec = deployment.functions.find((fn) => fn.functionName === functionName)!;
  if (spec.trigger.kind !== 'kafka') throw new Error('the activity consumer is fed by Kafka');
  const { Attributes } = await new SQSClient(cloud().clientConfig).send(
    new GetQueueAttributesCommand({
      QueueUrl: spec.trigger.deadLetterQueue.url,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Attributes?.ApproximateNumberOfMessages;
}

describe('the activity consumer on localcloud', () => {
  it("turns a customer's purchases and product interactions into their activity, newest first", async () => {
    const customer = 'C-activity-1';
    const times = [hoursAgo(5), hoursAgo(4), hoursAgo(3), hoursAgo(2), hoursAgo(1)];
    const invocationsBefore = functions.invocations().length;

    await produce('purchases', [
      purchase(customer, 'line-1', 'P-book', times[0]!),
      purchase(customer, 'line-2', 'P-lamp', times[2]!),
      // Another customer's line: not this customer's activity.
      purchase('C-activity-other', 'line-3', 'P-pen', times[2]!),
    ]);
    await produce('interactions', [
      interaction(customer, 'visit-1', 'P-chair', 'view', times[1]!),
      interaction(customer, 'visit-2', 'P-desk', 'add_to_cart', times[4]!),
      // Not activity: a visitor who is not signed in, and a search (no product).
      interaction(null, 'visit-3', 'P-desk', 'view', times[3]!),
      interaction(customer, 'visit-4', null, 'search', times[3]!),
      'this is not JSON {"customer_id":"C-activity-1"',
    ]);
    await functions.idle({ timeoutMs: 60_000 });

    const items = await activityOf(customer);
    expect(items.map((item) => [text(item, 'kind'), text(item, 'product_id')])).toEqual([
      ['add_to_cart', 'P-desk'],
      ['purchase', 'P-lamp'],
      ['view', 'P-chair'],
      ['purchase', 'P-book'],
    ]);
    const newest = items[0]!;
    expect(text(newest, 'activity_key')).toBe(`${times[4]}#visit-2`);
    expect(text(newest, 'at')).toBe(times[4]);
    expect(Number(newest.expires_at?.N)).toBe(
      Math.floor(Date.parse(times[4]!) / 1000) + DAYS * 86_400,
    );
    expect(newest.country).toBeUndefined();
    expect(text(items[1]!, 'country')).toBe(TRANSACTION.country);
    expect(await activityOf('C-activity-other')).toHaveLength(1);

    const invocations = functions.invocations().slice(invocationsBefore);
    expect(invocations.length).toBeGreaterThan(0);
    expect(invocations.every((i) => i.trigger === 'kafka' && i.outcome === 'success')).toBe(true);
    const log = readFileSync(join(logDirectory, `${functionName}.log`), 'utf8');
    expect(log).toContain('Records left out');
    expect(log).toMatch(/"reason":"not JSON"/);
    // Reported by position and reason, never by content.
    expect(log).not.toContain('this is not JSON');
  }, 90_000);

  it('keeps odd ids exactly: spaces, +, %, slashes, # and unicode round-trip', async () => {
    const customer = ' Zoë + Co %2F/ü ';
    const product = 'P#1 %20 +😀';
    const line = 'line 1/+%#ß';
    const at = hoursAgo(1);

    await produce('purchases', [purchase(customer, line, product, at)]);
    await functions.idle({ timeoutMs: 60_000 });

    const items = await activityOf(customer);
    expect(items).toHaveLength(1);
    expect(text(items[0]!, 'customer_id')).toBe(customer);
    expect(text(items[0]!, 'product_id')).toBe(product);
    expect(text(items[0]!, 'activity_key')).toBe(`${at}#${line}`);
    expect(await activityOf(customer.trim())).toEqual([]);
  }, 90_000);

  it('fails a batch whose writes are throttled, and the retried batch writes it', async () => {
    const customer = 'C-activity-throttled';
    cloud().faults.inject({
      service: 'dynamodb',
      operation: 'BatchWriteItem',
      // At least every attempt the SDK makes in one invocation (it retries throttling itself).
      times: 4,
      error: { code: 'ProvisionedThroughputExceededException', status: 400 },
    });
    const invocationsBefore = functions.invocations().length;

    await produce('purchases', [purchase(customer, 'line-t', 'P-t', hoursAgo(1))]);
    await functions.idle({ timeoutMs: 60_000 });

    expect(cloud().faults.triggered).toHaveLength(4);
    const outcomes = functions
      .invocations()
      .slice(invocationsBefore)
      .map((invocation) => invocation.outcome);
    expect(outcomes.at(-1)).toBe('success');
    expect(outcomes.filter((outcome) => outcome !== 'success').length).toBeGreaterThan(0);
    expect(await activityOf(customer)).toHaveLength(1);
    expect(await onFailureDepth()).toBe('0');
  }, 90_000);

  it('writes the same items again when a batch is redelivered, or a record produced twice', async () => {
    const customer = 'C-activity-redelivered';
    const records = [
      purchase(customer, 'line-r1', 'P-r1', hoursAgo(3)),
      purchase(customer, 'line-r2', 'P-r2', hoursAgo(2)),
    ];
    // The writes land, but their answers are lost: the function fails, and the mapping delivers
    // the same batch again.
    cloud().faults.inject({
      service: 'dynamodb',
      operation: 'BatchWriteItem',
      when: 'after',
      times: 8,
      error: { code: 'InternalServerError', status: 500 },
    });
    const invocationsBefore = functions.invocations().length;

    await produce('purchases', records);
    await functions.idle({ timeoutMs: 60_000 });
    // A producer's retry: the same records, at new offsets.
    await produce('purchases', records);
    await functions.idle({ timeoutMs: 60_000 });

    const invocations = functions.invocations().slice(invocationsBefore);
    expect(invocations.some((invocation) => invocation.outcome !== 'success')).toBe(true);
    expect(invocations.at(-1)?.outcome).toBe('success');
    const items = await activityOf(customer);
    expect(items.map((item) => text(item, 'product_id'))).toEqual(['P-r2', 'P-r1']);
    expect(await onFailureDepth()).toBe('0');
  }, 90_000);
});
