import { existsSync } from 'node:fs';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { DataLakeServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { catalogTables, loadPlatform } from '../../../infra/platform';
import { parseMigrationsEvent } from '../../../lambdas/warehouse-migrations/event';
import type {
  LocalDeployment,
  LocalFunctionSpec,
  QueueRef,
} from '../../../scripts/local-platform/deployment';
import {
  announceEltSuccess,
  deployLocalPlatform,
  exportRecommendationsEvent,
  LOCAL_VISIBILITY_TIMEOUT_SECONDS,
  migrationsCreateEvent,
} from '../../../scripts/local-platform/deploy';
import { useLocalCloud } from '../../fixtures/localcloud';
import { failureRuleName, flushRuleName, failureRules } from '../../../infra/aws/facts/alerting';
import { MAX_RECEIVE_COUNT } from '../../../infra/aws/facts/queues';
import { registrationRuleName } from '../../../infra/aws/facts/catalog';
import { eltRuleName } from '../../../infra/aws/facts/warehouse';
import { exportRuleName } from '../../../infra/aws/facts/recommendation-export';
import { parseExportTrigger } from '../../../lambdas/export-recommendations/event';
import { mirrorRuleName, rewritesRuleName } from '../../../infra/aws/facts/replication';
import { Kafka, logLevel } from 'kafkajs';

const PLATFORM = loadPlatform('dev');
const cloud = useLocalCloud();
let deployment: LocalDeployment;
let sqs: SQSClient;

beforeEach(async () => {
  deployment = await deployLocalPlatform(cloud(), { platform: PLATFORM });
  sqs = new SQSClient(cloud().clientConfig);
});

function spec(service: string): LocalFunctionSpec {
  const found = deployment.functions.find((candidate) => candidate.service === service);
  if (!found) throw new Error(`no function ${service}`);
  return found;
}

function inboxOf(service: string): QueueRef {
  const { trigger } = spec(service);
  if (trigger.kind !== 'async') throw new Error(`${service} is not invoked asynchronously`);
  return trigger.inbox;
}

async function attributes(queue: QueueRef): Promise<Record<string, string>> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }),
  );
  return Attributes ?? {};
}

/** Whatever is waiting in the queue now (messages stay in flight afterwards). */
async function drain(queue: QueueRef): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 60,
    }),
  );
  return Messages ?? [];
}

const detailOf = (message: Message) => (JSON.parse(message.Body!) as { detail: unknown }).detail;

describe('deployLocalPlatform', () => {
  it('creates every bucket, file system, table, secret, topic and the dedupe table', async () => {
    const s3 = new S3Client(cloud().clientConfig);
    for (const bucket of Object.values(deployment.buckets))
      await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    const dataLake = new DataLakeServiceClient(
      cloud().azure.endpoint,
      new StorageSharedKeyCredential(cloud().azure.accountName, cloud().azure.accountKey),
    );
    for (const fileSystem of deployment.fileSystems)
      expect(await dataLake.getFileSystemClient(fileSystem).exists()).toBe(true);
    const glue = new GlueClient(cloud().clientConfig);
    for (const table of deployment.catalogTables) {
      const { Table } = await glue.send(
        new GetTableCommand({ DatabaseName: table.database, Name: table.table }),
      );
      expect(Table?.Name).toBe(table.table);
    }

    const secrets = new SecretsManagerClient(cloud().clientConfig);
    const secretJson = async (arn: string) =>
      JSON.parse(
        (await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString!,
      ) as Record<string, string>;
    expect(Object.keys(await secretJson(deployment.secrets.adlsSharedKeyArn)).sort()).toEqual([
      'accountKey',
      'accountName',
    ]);
    const admin = await secretJson(deployment.secrets.warehouseAdminArn);
    expect(admin.username).toBe('warehouse_admin');
    expect(admin.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{8,64}$/);

    const { Table } = await new DynamoDBClient(cloud().clientConfig).send(
      new DescribeTableCommand({ TableName: deployment.alerts.dedupeTableName }),
    );
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'fingerprint', KeyType: 'HASH' }]);
    const { TimeToLiveDescription } = await new DynamoDBClient(cloud().clientConfig).send(
      new DescribeTimeToLiveCommand({ TableName: deployment.alerts.dedupeTableName }),
    );
    expect(TimeToLiveDescription).toEqual({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });

    // The recommendations' tables, keyed as the CDK keys them (string keys, TTL on).
    const { recentActivityTableName, modelTableName } =
      deployment.marketplaceApi.recommendationTables;
    for (const [tableName, keys, ttl] of [
      [recentActivityTableName, ['customer_id', 'activity_key'], 'expires_at'],
      [modelTableName, ['pk', 'sk'], 'expires_at'],
    ] as const) {
      const described = await new DynamoDBClient(cloud().clientConfig).send(
        new DescribeTableCommand({ TableName: tableName }),
      );
      expect(described.Table?.KeySchema).toEqual([
        { AttributeName: keys[0], KeyType: 'HASH' },
        { AttributeName: keys[1], KeyType: 'RANGE' },
      ]);
      const expiry = await new DynamoDBClient(cloud().clientConfig).send(
        new DescribeTimeToLiveCommand({ TableName: tableName }),
      );
      expect(expiry.TimeToLiveDescription).toEqual({
        AttributeName: ttl,
        TimeToLiveStatus: 'ENABLED',
      });
    }

    const { Subscriptions } = await new SNSClient(cloud().clientConfig).send(
      new ListSubscriptionsByTopicCommand({ TopicArn: deployment.alerts.topicArn }),
    );
    expect(Subscriptions?.map((subscription) => subscription.Endpoint)).toEqual([
      deployment.alerts.inbox.arn,
    ]);
  });

  it('creates the platform definition’s Kafka topics, with their partitions, and no other', async () => {
    expect(deployment.topics).toEqual(PLATFORM.topics.map((topic) => topic.name));
    const admin = new Kafka({
      brokers: [cloud().kafka.bootstrapServers],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata();
      expect(
        topics
          .map(({ name, partitions }) => ({ name, partitions: partitions.length }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual(
        PLATFORM.topics
          .map(({ name, partitions }) => ({ name, partitions }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    } finally {
      await admin.disconnect();
    }
    expect(PLATFORM.topics.length).toBeGreaterThan(0);
    for (const topic of PLATFORM.topics)
      expect(cloud().kafka.topics.topic(topic.name)).toMatchObject({
        retentionMs: topic.retentionHours * 3_600_000,
        maxMessageBytes: topic.maxMessageBytes,
      });
  });

  it('gives every work queue and inbox its redrive and the short local visibility timeout', async () => {
    for (const fn of deployment.functions) {
      const { trigger } = fn;
      if (trigger.kind === 'direct') continue;
      if (trigger.kind === 'kafka') {
        // Its source is Kafka; its on-failure destination is a plain queue.
        await expect(attributes(trigger.deadLetterQueue)).resolves.toHaveProperty('QueueArn');
        continue;
      }
      const queue = trigger.kind === 'sqs' ? trigger.queue : trigger.inbox;
      const expectedReceives =
        trigger.kind === 'sqs' ? MAX_RECEIVE_COUNT : trigger.retryAttempts + 1;
      const found = await attributes(queue);
      expect(JSON.parse(found.RedrivePolicy!)).toEqual({
        deadLetterTargetArn: trigger.deadLetterQueue.arn,
        maxReceiveCount: expectedReceives,
      });
      expect(found.VisibilityTimeout).toBe(String(LOCAL_VISIBILITY_TIMEOUT_SECONDS));
      await expect(attributes(trigger.deadLetterQueue)).resolves.toHaveProperty('QueueArn');
    }
    expect(deployment.functions.map((fn) => fn.functionName).sort()).toEqual(
      [
        's3-to-adls',
        'register-partitions',
        'failure-alerts',
        'warehouse-elt',
        'warehouse-migrations',
        'traffic-monitor',
        'ingest-events',
        'record-activity',
        'recommend',
        'export-recommendations',
      ]
        .map((service) => `hybrid-lake-dev-${service}`)
        .sort(),
    );
    for (const fn of deployment.functions) expect(existsSync(fn.handlerModule)).toBe(true);
  });

  it('moves a transfer message to the dead-letter queue after the CDK’s receive count', async () => {
    const { trigger } = spec('s3-to-adls');
    if (trigger.kind !== 'sqs') throw new Error('the transfer is fed by SQS');
    await new S3Client(cloud().clientConfig).send(
      new PutObjectCommand({
        Bucket: deployment.buckets.raw,
        Key: 'access_events/year=2026/month=03/day=08/hour=17/part-00000-a.c000.json',
        Body: '{}\n',
      }),
    );

    for (let receive = 1; receive <= MAX_RECEIVE_COUNT; receive += 1) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: trigger.queue.url, VisibilityTimeout: 0 }),
      );
      expect(Messages).toHaveLength(1);
    }
    await expect(drain(trigger.queue)).resolves.toEqual([]);

    const parked = await drain(trigger.deadLetterQueue);
    expect(parked.map((message) => detailOf(message))).toEqual([
      expect.objectContaining({ bucket: { name: deployment.buckets.raw } }),
    ]);
  });

  it('routes new objects of datasets registered by events, and no others, to registration', async () => {
    const { trigger } = spec('register-partitions');
    if (trigger.kind !== 'sqs') throw new Error('registration is fed by SQS');
    const rawTables = catalogTables(PLATFORM).filter((table) => table.zone === 'raw');
    const registered = rawTables.find((table) => table.registeredByEvents)!;
    const projected = rawTables.find((table) => !table.registeredByEvents)!;
    const keyOf = (dataset: string) =>
      `${dataset}/year=2026/month=03/day=08/part-00000-b.c000.json`;
    const s3 = new S3Client(cloud().clientConfig);
    for (const table of [registered, projected])
      await s3.send(
        new PutObjectCommand({
          Bucket: deployment.buckets.raw,
          Key: keyOf(table.dataset.name),
          Body: '{}\n',
        }),
      );

    const messages = await drain(trigger.queue);

    // S3 event keys arrive URL-encoded (`year%3D2026`), as AWS sends them.
    const keys = messages.map((message) =>
      decodeURIComponent((detailOf(message) as { object: { key: string } }).object.key),
    );
    expect(keys).toEqual([keyOf(registered.dataset.name)]);
  });

  it('creates the rules under the CDK’s names, each with one target', async () => {
    const events = new EventBridgeClient(cloud().clientConfig);
    const names = [
      mirrorRuleName(PLATFORM),
      rewritesRuleName(PLATFORM),
      registrationRuleName(PLATFORM),
      eltRuleName(PLATFORM),
      exportRuleName(PLATFORM),
      flushRuleName(PLATFORM),
      ...failureRules(PLATFORM, 'arn:').map((rule) => failureRuleName(PLATFORM, rule.id)),
    ];
    for (const name of names) {
      await expect(events.send(new DescribeRuleCommand({ Name: name }))).resolves.toMatchObject({
        State: 'ENABLED',
      });
      const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: name }));
      expect(Targets).toHaveLength(1);
    }
  });

  it('delivers what is published on the alert topic to the captured inbox', async () => {
    await new SNSClient(cloud().clientConfig).send(
      new PublishCommand({
        TopicArn: deployment.alerts.topicArn,
        Subject: 'Glue job failed',
        Message: '{"source":"glue"}',
      }),
    );

    const messages = await drain(deployment.alerts.inbox);

    expect(messages.map((message) => JSON.parse(message.Body!) as unknown)).toEqual([
      expect.objectContaining({
        Type: 'Notification',
        TopicArn: deployment.alerts.topicArn,
        Subject: 'Glue job failed',
        Message: '{"source":"glue"}',
      }),
    ]);
  });

  it('routes a failed Glue job run to the failure-alerts inbox, and only there', async () => {
    const jobName = deployment.glueJobs.streaming[0]!;
    cloud().emitServiceEvent({
      source: 'aws.glue',
      'detail-type': 'Glue Job State Change',
      detail: { jobName, state: 'FAILED', jobRunId: 'jr_0001', message: 'Worker lost' },
    });

    const alerts = await drain(inboxOf('failure-alerts'));
    const elt = await drain(inboxOf('warehouse-elt'));

    expect(alerts.map((message) => detailOf(message))).toEqual([
      expect.objectContaining({ jobName, state: 'FAILED' }),
    ]);
    expect(elt).toEqual([]);
  });

  it('starts the ELT when clean_to_curated succeeds, without an alert', async () => {
    cloud().emitServiceEvent({
      source: 'aws.glue',
      'detail-type': 'Glue Job State Change',
      detail: { jobName: deployment.glueJobs.cleanToCurated, state: 'SUCCEEDED', jobRunId: 'jr_2' },
      time: '2026-03-09T02:00:00Z',
    });

    const elt = await drain(inboxOf('warehouse-elt'));
    const alerts = await drain(inboxOf('failure-alerts'));

    expect(elt.map((message) => JSON.parse(message.Body!) as unknown)).toEqual([
      expect.objectContaining({
        time: '2026-03-09T02:00:00Z',
        detail: expect.objectContaining({ jobName: 'hybrid-lake-dev-clean-to-curated' }),
      }),
    ]);
    expect(alerts).toEqual([]);
  });

  it('names the default bus as the ELT’s on-success destination, and no other function’s', () => {
    const destinations = deployment.functions.flatMap(({ service, trigger }) =>
      trigger.kind === 'async' && trigger.onSuccessBusArn !== undefined
        ? [[service, trigger.onSuccessBusArn]]
        : [],
    );
    expect(destinations).toEqual([
      ['warehouse-elt', `arn:aws:events:${cloud().region}:${cloud().accountId}:event-bus/default`],
    ]);
  });

  it('routes the ELT’s on-success record of a day it loaded to the export’s inbox, and nothing else', async () => {
    const events = new EventBridgeClient(cloud().clientConfig);
    const record = (functionArn: string, status: string) => ({
      Source: 'lambda',
      DetailType: 'Lambda Function Invocation Result - Success',
      Detail: JSON.stringify({
        requestContext: { functionArn: `${functionArn}:$LATEST`, condition: 'Success' },
        responsePayload: { status },
      }),
    });
    // What the rule must leave alone: a run that loaded nothing, another function named alike.
    await events.send(
      new PutEventsCommand({
        Entries: [
          record(deployment.warehouse.eltFunctionArn, 'ignored'),
          record(`${deployment.warehouse.eltFunctionArn}-backfill`, 'ran'),
        ],
      }),
    );
    await announceEltSuccess(events, cloud(), deployment, '2026-03-08');

    const delivered = await drain(inboxOf('export-recommendations'));

    expect(delivered.map((message) => parseExportTrigger(JSON.parse(message.Body!)))).toEqual([
      { kind: 'elt', day: '2026-03-08', eltRequestId: expect.any(String) },
    ]);
    expect(await drain(inboxOf('failure-alerts'))).toEqual([]);
  });

  it('builds the event the export rule delivers, which the export reads as the ELT’s run of the day', () => {
    const event = exportRecommendationsEvent(cloud(), deployment, '2026-03-08');

    expect(parseExportTrigger(event)).toEqual({
      kind: 'elt',
      day: '2026-03-08',
      eltRequestId: expect.any(String),
    });
    expect(event).toMatchObject({
      account: cloud().accountId,
      region: cloud().region,
      resources: [
        expect.stringMatching(/:event-bus\/default$/),
        `${deployment.warehouse.eltFunctionArn}:$LATEST`,
      ],
    });
  });

  it('builds a migrations Create request the migrations handler accepts', () => {
    const event = parseMigrationsEvent(migrationsCreateEvent(deployment));

    expect(event).toMatchObject({
      RequestType: 'Create',
      ResourceType: 'Custom::WarehouseMigrations',
      ResourceProperties: {
        WorkgroupName: deployment.warehouse.workgroupName,
        Database: deployment.warehouse.database,
        MigrationsFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
  });
});
