/**
 * The local streaming jobs (stand-ins of `stream_to_raw`) on localcloud: records produced to the
 * platform's topics land in the raw zone, each under the partition of its event time, computed
 * here independently; what cannot be placed is rejected under `_rejected/` with the reason; and a
 * job that died after announcing a batch, even after writing part of it, leaves every record in
 * the raw zone exactly once when it starts again.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { loadPlatform } from '../../../infra/platform';
import { deployLocalTopics } from '../../../scripts/local-platform/deploy/streaming';
import { localGlueJobNames } from '../../../scripts/local-platform/glue-jobs';
import {
  nameUuid,
  writeAheadMetadata,
} from '../../../scripts/local-platform/streaming/micro-batch';
import {
  startLocalStreamJobs,
  type BatchReport,
  type LocalStreamJobs,
} from '../../../scripts/local-platform/streaming';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud({ kafkaIam: true });
const platform = loadPlatform('dev');
const RAW = 'stream-test-raw';
const deployment = {
  platform,
  buckets: { raw: RAW } as never,
  glueJobs: localGlueJobNames(platform),
};

let s3: S3Client;
let running: LocalStreamJobs | undefined;
const reports: BatchReport[] = [];

beforeEach(async () => {
  s3 = new S3Client(cloud().clientConfig);
  await s3.send(new CreateBucketCommand({ Bucket: RAW }));
  deployLocalTopics(cloud(), platform);
  reports.length = 0;
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = new Kafka({
    clientId: 'stream-jobs-test',
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
  }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((value, index) => ({ key: String(index), value })),
  });
  await producer.disconnect();
}

async function start(): Promise<LocalStreamJobs> {
  running = await startLocalStreamJobs(cloud(), deployment, {
    onBatch: (report) => reports.push(report),
  });
  return running;
}

/** Resolves once no job is behind its topic, checking after each reported batch. */
function caughtUp(jobs: LocalStreamJobs, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(
        new Error(`still behind: ${JSON.stringify([...jobs.lag()])} ${jobs.errors.join('; ')}`),
      );
    }, timeoutMs);
    const check = (): void => {
      if (done) return;
      if ([...jobs.lag().values()].every((behind) => behind === 0)) {
        clearTimeout(timer);
        resolve();
        return;
      }
      setTimeout(check, 50);
    };
    check();
  });
}

async function rawObjects(prefix = ''): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: RAW, Prefix: prefix, ContinuationToken }),
    );
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: RAW, Key }));
      objects.set(Key!, await object.Body!.transformToString());
    }
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return objects;
}

const linesOf = (objects: Map<string, string>) =>
  [...objects].flatMap(([key, body]) =>
    body
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ key, line })),
  );

/** The hour folder of an ISO time, computed here (not by the platform's code). */
function hourFolder(iso: string): string {
  const at = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `year=${at.getUTCFullYear()}/month=${two(at.getUTCMonth() + 1)}/day=${two(at.getUTCDate())}/hour=${two(at.getUTCHours())}`;
}

const event = (id: string, time: string) =>
  JSON.stringify({ event_id: id, user_id: 'u', event_time: time, content_id: 'c' });

it('writes each record under the hour of its event time, and rejects what it cannot place', async () => {
  const good = [
    event('e1', '2026-03-02T10:15:00Z'),
    event('e2', '2026-03-02T10:59:59.999Z'),
    event('e3', '2026-03-02T23:30:00-01:00'), // 00:30 UTC the next day
  ];
  const bad = ['not json', event('e4', '2026-03-02T25:00:00Z'), JSON.stringify({ event_id: 'e5' })];
  await produce('access-events', [...good, ...bad]);
  const jobs = await start();
  await caughtUp(jobs);

  const placed = linesOf(await rawObjects('access_events/'));
  expect(placed.map(({ line }) => line).sort()).toEqual([...good].sort());
  for (const { key, line } of placed)
    expect(key).toMatch(
      new RegExp(
        `^access_events/${hourFolder((JSON.parse(line) as { event_time: string }).event_time)}/part-00000-[0-9a-f-]{36}\\.c000\\.json$`,
      ),
    );
  const rejected = linesOf(await rawObjects('_rejected/access_events/')).map(
    ({ line }) => JSON.parse(line) as Record<string, unknown>,
  );
  expect(rejected.map((row) => row._reject_reason)).toEqual(
    Array(3).fill('event_time:missing_or_unreadable'),
  );
  expect(rejected.map((row) => row._corrupt_record ?? row.event_id).sort()).toEqual([
    'e4',
    'e5',
    'not json',
  ]);
  expect(reports.reduce((sum, report) => sum + report.rejected, 0)).toBe(3);
  expect(jobs.errors).toEqual([]);
});

it('finishes a batch a dead job announced, replacing what it half wrote: every record once', async () => {
  const topic = platform.topics.find((candidate) => candidate.name === 'access-events')!;
  const jobName = deployment.glueJobs.streaming[platform.topics.indexOf(topic)]!;
  const values = Array.from({ length: 40 }, (_, index) =>
    event(`e${index}`, `2026-03-02T${String(10 + (index % 3)).padStart(2, '0')}:00:00Z`),
  );
  await produce('access-events', values);
  // A job that died mid-batch: it announced offsets [0, end) of every partition, then wrote one
  // file of the batch with only part of its records, and committed nothing more.
  const at = new Date('2026-03-03T02:00:00Z');
  const partitions = cloud().kafka.topics.topic('access-events')!.partitions;
  const ranges = new Map<number, { start: number; end: number }>();
  partitions.forEach((partition, index) => {
    if (partition.logEndOffset === 0) return;
    ranges.set(index, { start: 0, end: partition.logEndOffset });
    cloud().kafka.groups.commit(jobName, 'access-events', index, {
      offset: 0,
      metadata: writeAheadMetadata(partition.logEndOffset, at),
    });
  });
  expect(ranges.size).toBeGreaterThan(1);
  const identity = [...ranges]
    .sort(([a], [b]) => a - b)
    .map(([p, { start, end }]) => `${p}:${start}-${end}`)
    .join(',');
  const torn = `access_events/${hourFolder('2026-03-02T10:00:00Z')}/part-00000-${nameUuid(`access-events|${identity}|access_events/${hourFolder('2026-03-02T10:00:00Z')}`)}.c000.json`;
  await s3.send(new PutObjectCommand({ Bucket: RAW, Key: torn, Body: `${values[0]}\n` }));
  // More records arrive after the crash.
  const later = Array.from({ length: 10 }, (_, index) =>
    event(`late${index}`, '2026-03-02T12:30:00Z'),
  );
  await produce('access-events', later);

  const jobs = await start();
  await caughtUp(jobs);
  const lines = linesOf(await rawObjects('access_events/')).map(({ line }) => line);
  expect(lines.sort()).toEqual([...values, ...later].sort());
  expect(reports.some((report) => report.replayed)).toBe(true);
});

it('picks up after a kill from its committed offsets, with no record twice or lost', async () => {
  const first = Array.from({ length: 30 }, (_, index) =>
    event(`a${index}`, '2026-03-02T08:00:00Z'),
  );
  await produce('access-events', first);
  let jobs = await start();
  await caughtUp(jobs);
  await jobs.kill();
  running = undefined;
  const second = Array.from({ length: 30 }, (_, index) =>
    event(`b${index}`, '2026-03-02T09:00:00Z'),
  );
  await produce('access-events', second);
  jobs = await start();
  await caughtUp(jobs);
  const lines = linesOf(await rawObjects('access_events/')).map(({ line }) => line);
  expect(lines.sort()).toEqual([...first, ...second].sort());
});

it('writes nothing twice while a second jobs process shares the groups, then goes on alone', async () => {
  const first = await start();
  await produce(
    'access-events',
    Array.from({ length: 100 }, (_, index) => event(`x${index}`, '2026-03-02T07:00:00Z')),
  );
  // A second process joins the same groups (an old driver not yet gone): neither holds a whole
  // topic while both are members, so neither writes.
  const second = await startLocalStreamJobs(cloud(), deployment, {
    onBatch: (report) => reports.push(report),
  });
  await produce(
    'access-events',
    Array.from({ length: 100 }, (_, index) => event(`y${index}`, '2026-03-02T07:30:00Z')),
  );
  await first.stop();
  running = second;
  await caughtUp(second);
  const lines = linesOf(await rawObjects('access_events/')).map(({ line }) => line);
  expect(lines).toHaveLength(200);
  expect(new Set(lines).size).toBe(200);
  expect(second.errors).toEqual([]);
});

it('rejects a record whose time no clock can hold, and goes on with the topic', async () => {
  await produce('access-events', [
    JSON.stringify({ event_id: 'year-one', event_time: '0001-01-01T00:00:00+01:00' }),
    JSON.stringify({ event_id: 'lone', note: '\ud800' }),
    event('after', '2026-03-02T08:00:00Z'),
  ]);
  const jobs = await start();
  await caughtUp(jobs);
  expect(linesOf(await rawObjects('access_events/')).map(({ line }) => line)).toEqual([
    event('after', '2026-03-02T08:00:00Z'),
  ]);
  const rejected = linesOf(await rawObjects('_rejected/access_events/')).map(
    ({ line }) => (JSON.parse(line) as { event_id: string }).event_id,
  );
  expect(rejected.sort()).toEqual(['lone', 'year-one']);
});
