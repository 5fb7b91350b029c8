import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { loadPlatform } from '../../../infra/platform';
import { GlueJobStateChangeSchema } from '../../../lambdas/shared/glue-events';
import { createLocalCatalog } from '../../../scripts/local-platform/catalog';
import {
  localGlueJobNames,
  runLocalEtlWorkflow,
  runLocalGlueJob,
  type GlueJobDeployment,
} from '../../../scripts/local-platform/glue-jobs';
import { deployLocalLake } from '../../../scripts/local-platform/lake';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../fixtures/localcloud';
import { MIGRATIONS_DIRECTORY, openWarehouse } from '../sql/warehouse-lake';

const cloud = useLocalCloud();
const platform = loadPlatform('dev');
const RUN_DATE = '2026-03-07';
// The workflow's schedule: 02:00 UTC the day after.
const NOW = new Date('2026-03-08T02:00:00Z');
const LINE =
  '203.0.113.9 - - [07/Mar/2026:10:15:02 +0100] "GET /watch?id=42 HTTP/1.1" 200 5123 "-" "curl/8.5"';

interface World {
  readonly s3: S3Client;
  readonly deployment: GlueJobDeployment;
  readonly jobStates: () => Promise<ReturnType<typeof GlueJobStateChangeSchema.parse>[]>;
}

/** The lake and catalog as deployed, and an EventBridge rule sending Glue job state changes to a queue. */
async function deploy(): Promise<World> {
  const lake = await deployLocalLake(cloud(), { platform });
  await createLocalCatalog(
    new GlueClient(cloud().clientConfig),
    platform,
    (zone) => lake.buckets[zone],
  );
  const sqs = new SQSClient(cloud().clientConfig);
  const events = new EventBridgeClient(cloud().clientConfig);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'glue-job-states' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(
    new PutRuleCommand({
      Name: 'glue-job-states',
      EventPattern: JSON.stringify({
        source: ['aws.glue'],
        'detail-type': ['Glue Job State Change'],
      }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'glue-job-states',
      Targets: [{ Id: 'q', Arn: Attributes?.QueueArn }],
    }),
  );
  const jobStates = async () => {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (Messages ?? []).map((message) =>
      GlueJobStateChangeSchema.parse(JSON.parse(message.Body ?? '')),
    );
  };
  return {
    s3: lake.s3,
    deployment: { platform, buckets: lake.buckets, glueJobs: localGlueJobNames(platform) },
    jobStates,
  };
}

async function putLines(s3: S3Client, bucket: string, key: string, records: readonly unknown[]) {
  const body = records.map((record) =>
    typeof record === 'string' ? record : JSON.stringify(record),
  );
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body.join('\n') + '\n' }));
}

/** `{ key: rows }` of every object under a prefix. */
async function readRows(s3: S3Client, bucket: string, prefix: string) {
  const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const result: Record<string, Record<string, unknown>[]> = {};
  for (const { Key } of Contents ?? []) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    const text = (await Body?.transformToString()) ?? '';
    result[Key!] = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  return result;
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  event_id: id,
  user_id: 'u1',
  event_time: '2026-03-07T10:15:30Z',
  device: 'smart_tv',
  content_id: 'm1',
  content_type: 'movie',
  country: 'FR',
  city: 'Lyon',
  session_id: 's1',
  duration_seconds: 600,
  ...extra,
});

/** A small raw day: good rows, a dirty one, a replayed one, a web log line, messy e-mails. */
async function writeRawDay({ s3, deployment }: World) {
  const raw = deployment.buckets.raw;
  const hour = 'year=2026/month=03/day=07/hour=10';
  await putLines(s3, raw, `access_events/${hour}/part-00000-a.c000.json`, [
    event('e1'),
    event('e2', { user_id: 'u2' }),
    event('e3', { duration_seconds: 'ten minutes' }),
  ]);
  await putLines(s3, raw, `access_events/${hour}/part-00001-b.c000.json`, [event('e1')]);
  await putLines(
    s3,
    raw,
    'access_events/year=2026/month=03/day=06/hour=23/part-00000-c.c000.json',
    [event('e0', { event_time: '2026-03-06T23:00:00Z' })],
  );
  await putLines(s3, raw, 'web_logs/year=2026/month=03/day=07/hour=09/part-00000-d.c000.json', [
    { raw_line: LINE },
  ]);
  await putLines(s3, raw, 'transactions/year=2026/month=03/day=07/part-00000-e.c000.json', [
    {
      transaction_id: 't1',
      order_id: 'o1',
      customer_id: 'c1',
      product_id: 'p1',
      product_category: 'audio',
      quantity: 2,
      unit_price: 19.99,
      currency: 'EUR',
      transaction_time: '2026-03-07T12:00:00Z',
      country: 'FR',
    },
  ]);
  await putLines(s3, raw, 'customers/year=2026/month=03/day=07/part-00000-f.c000.json', [
    {
      customer_id: 'c1',
      full_name: 'ANN LEE',
      email: ' Ann@Example.COM ',
      updated_at: '2026-03-07T08:00:00Z',
    },
    {
      customer_id: 'c2',
      full_name: 'bo li',
      email: 'bo@@example.com',
      updated_at: '2026-03-07T09:00:00Z',
    },
  ]);
}

describe('the local ETL workflow on localcloud', () => {
  it('cleans the raw day, writes the curated aggregates and announces both runs', async () => {
    const world = await deploy();
    await writeRawDay(world);
    const { s3, deployment } = world;

    const figures = await runLocalEtlWorkflow(cloud(), deployment, { runDate: RUN_DATE, now: NOW });

    expect(figures.map((f) => [f.jobName, f.state])).toEqual([
      ['hybrid-lake-dev-raw-to-clean', 'SUCCEEDED'],
      ['hybrid-lake-dev-clean-to-curated', 'SUCCEEDED'],
    ]);
    expect(figures[0]).toMatchObject({ recordsIn: 8, recordsOut: 5, rejected: 3 });
    const clean = deployment.buckets.clean;
    const events = Object.values(
      await readRows(s3, clean, 'access_events/year=2026/month=03/day=07/hour=10/'),
    );
    expect(events.flat().map((row) => row.event_id)).toEqual(['e1', 'e2']);
    expect(
      Object.keys(await readRows(s3, clean, 'access_events/year=2026/month=03/day=06/')),
    ).toEqual([]);
    const [logs] = Object.values(await readRows(s3, clean, 'web_logs/'));
    expect(logs).toEqual([
      expect.objectContaining({
        client_ip: '203.0.113.9',
        request_time: '2026-03-07T09:15:02.000Z',
        status: 200,
      }),
    ]);
    const [customers] = Object.values(await readRows(s3, clean, 'customers/'));
    expect(customers).toEqual([
      expect.objectContaining({
        customer_id: 'c1',
        full_name: 'Ann Lee',
        email: 'Ann@example.com',
      }),
    ]);

    const rejected = await readRows(s3, clean, '_rejected/');
    expect(Object.keys(rejected).every((key) => key.includes('/day=2026-03-08/'))).toBe(true);
    expect(
      Object.values(rejected)
        .flat()
        .map((row) => row._reject_reason)
        .sort(),
    ).toEqual([
      'duration_seconds:not_an_integer',
      'email:several_at_signs',
      'event_id:duplicate_record_id',
    ]);

    const curated = deployment.buckets.curated;
    const [rfm] = Object.values(
      await readRows(s3, curated, 'customer_rfm/year=2026/month=03/day=07/'),
    );
    expect(rfm).toEqual([
      expect.objectContaining({
        customer_id: 'c1',
        as_of_date: RUN_DATE,
        frequency: 1,
        monetary: 39.98,
        recency_days: 0,
      }),
    ]);
    const [perMinute] = Object.values(await readRows(s3, curated, 'accesses_per_minute/'));
    expect(perMinute).toEqual([
      { minute: '2026-03-07T10:15:00.000Z', accesses: 2, unique_users: 2 },
    ]);

    const states = await world.jobStates();
    expect(states.map((e) => [e.detail.jobName, e.detail.state, e.time, e.resources])).toEqual([
      ['hybrid-lake-dev-raw-to-clean', 'SUCCEEDED', '2026-03-08T02:00:00Z', []],
      ['hybrid-lake-dev-clean-to-curated', 'SUCCEEDED', '2026-03-08T02:00:00Z', []],
    ]);
    expect(states[0]?.detail.jobRunId).toMatch(/^jr_[0-9a-f]{64}$/);
  });

  it('writes clean and curated data the warehouse ELT loads for the run date', async () => {
    const world = await deploy();
    await writeRawDay(world);
    await runLocalEtlWorkflow(cloud(), world.deployment, { runDate: RUN_DATE, now: NOW });
    const warehouse = openWarehouse(cloud());
    await migrate(warehouse.session, loadMigrations(MIGRATIONS_DIRECTORY));

    const report = await warehouse.runDay(RUN_DATE);

    // No interactions that day, and no order a month before it to label churn with.
    expect(report.skipped).toEqual(['loads/04_interactions.sql', 'loads/08_churn_training.sql']);
    const [counts] = await warehouse.session.query(
      `SELECT (SELECT COUNT(*) FROM dw.fact_access_event) AS accesses,
              (SELECT COUNT(*) FROM dw.fact_web_request) AS requests,
              (SELECT COUNT(*) FROM dw.fact_sale) AS sales,
              (SELECT COUNT(*) FROM dw.fact_customer_rfm) AS rfm,
              (SELECT COUNT(*) FROM dw.fact_customer_features) AS features`,
    );
    expect(counts).toEqual({ accesses: 2, requests: 1, sales: 1, rfm: 1, features: 1 });
  });

  it('overwrites the curated days of an earlier run: new files in, the old ones deleted', async () => {
    const world = await deploy();
    await writeRawDay(world);
    await runLocalEtlWorkflow(cloud(), world.deployment, { runDate: RUN_DATE, now: NOW });
    const curated = world.deployment.buckets.curated;
    const first = Object.keys(await readRows(world.s3, curated, ''));

    const rerun = await runLocalGlueJob(cloud(), world.deployment, 'clean_to_curated', {
      runDate: RUN_DATE,
      now: NOW,
    });

    expect(rerun.state).toBe('SUCCEEDED');
    const second = await readRows(world.s3, curated, '');
    const folder = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);
    expect(Object.keys(second).map(folder).sort()).toEqual(first.map(folder).sort());
    expect(Object.keys(second).filter((key) => first.includes(key))).toEqual([]);
    const [rfm] = Object.values(await readRows(world.s3, curated, 'customer_rfm/'));
    expect(rfm).toEqual([expect.objectContaining({ customer_id: 'c1', frequency: 1 })]);
  });

  it('ends FAILED, writes nothing and stops the workflow when python is missing', async () => {
    const world = await deploy();
    await writeRawDay(world);

    const figures = await runLocalEtlWorkflow(cloud(), world.deployment, {
      runDate: RUN_DATE,
      now: NOW,
      python: '/nonexistent/python3',
    });

    expect(figures).toEqual([expect.objectContaining({ state: 'FAILED', recordsOut: 0 })]);
    expect(figures[0]?.message).toContain('/nonexistent/python3 was not found');
    const states = await world.jobStates();
    expect(states.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        jobName: 'hybrid-lake-dev-raw-to-clean',
        state: 'FAILED',
        severity: 'ERROR',
        message: expect.stringContaining('PythonNotFoundError'),
      }),
    ]);
    expect(await readRows(world.s3, world.deployment.buckets.clean, '')).toEqual({});
  });

  it('fails clean_to_curated on a clean file that does not fit its table, uploading nothing', async () => {
    const world = await deploy();
    const clean = world.deployment.buckets.clean;
    await putLines(
      world.s3,
      clean,
      'transactions/year=2026/month=03/day=07/part-00000-x.c000.json',
      ['{"transaction_id": "t1", "quantity": "two"}'],
    );

    const figures = await runLocalGlueJob(cloud(), world.deployment, 'clean_to_curated', {
      runDate: RUN_DATE,
      now: NOW,
    });

    expect(figures.state).toBe('FAILED');
    expect(figures.message).toContain('quantity:not_an_integer');
    const [state] = await world.jobStates();
    expect(state?.detail).toMatchObject({
      jobName: 'hybrid-lake-dev-clean-to-curated',
      state: 'FAILED',
    });
    expect(await readRows(world.s3, world.deployment.buckets.curated, '')).toEqual({});
  });
});
