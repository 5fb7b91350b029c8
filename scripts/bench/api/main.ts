/**
 * `npm run bench:api [-- --quick | --seconds 30 --connections 16 --containers 2 --json]`: the
 * marketplace API as the local deployment serves it (localcloud with its MSK IAM listener, the
 * local API Gateway, the unmodified ingestion function in the local Lambda service; platform.ts,
 * a process of its own), driven by autocannon with single-record purchases, each a new record
 * under a new Idempotency-Key, SigV4-signed.
 *
 * 1. Steady phase: accepted records/s and autocannon's latency, after a warm-up.
 * 2. Baselines, measured in the same run:
 *    - the same requests, through the same gateway and Lambda service, to a trivial function
 *      (trivial-handler.ts) answering what the API answers without validating, recording the
 *      key or producing, its stage throttle out of reach (2,000 requests/s would cap it first):
 *      the ceiling the local plumbing (HTTP, SigV4, the invocation's IPC) leaves, so the ratio
 *      is the share of it the ingestion function's own work keeps;
 *    - the function's Kafka producer without the API: as many idempotent producers as the
 *      function has containers, single-record acks=all sends over the same IAM listener, one at
 *      a time, as each container sends: the ceiling the Kafka round trip alone would allow.
 *    The CPU per request of each process (the platform's, the containers', the load
 *    generator's) is printed for every phase, with the cores' ceiling at that cost: on two
 *    shared cores the rate is bound by CPU, and that says where it goes.
 * 3. Fault phase: Kafka Produce faults injected while the load runs (faults.ts); every 5xx, 409
 *    and 429 is retried with the same key and body (retry.ts) until accepted.
 * 4. Every record of the purchases topic read back with kafkajs and compared with every record
 *    the API acknowledged in the run: lost and duplicated must both be 0.
 *
 * Targets, printed as met or missed: ≥ 1,000 accepted records/s with p99 ≤ 50 ms, 0 lost, 0
 * duplicated.
 */
import '../../shared/aws-sdk-node-notice';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { benchMachine } from '../machine';
import { parseApiBenchArgs, type ApiBenchOptions } from './args';
import { EPISODES, strikesOf } from './faults';
import { producerBaseline, readIds } from './kafka';
import { compareDelivery, Ledger } from './ledger';
import { drain, runPhase } from './load';
import { cpuBetween, startPlatform, type PlatformProcess } from './platform-process';
import { printReport, type ApiBenchReport, type MeasuredPhase } from './report';
import { verdictOf } from './retry';
import { SignedRequestStock, type Credentials } from './signed-requests';

/** Fresh records signed ahead per second of a phase: above the stage's 2,000 requests/s limit. */
const SIGNED_PER_SECOND = 2_200;

async function measured(
  platform: PlatformProcess,
  port: number,
  credentials: Credentials,
  prefix: string,
  seconds: number,
  connections: number,
  answers: Map<string, readonly number[]>,
  /** Called as the load starts (the fault schedule). */
  onStart?: () => void,
): Promise<MeasuredPhase> {
  const stock = new SignedRequestStock(port, credentials, prefix);
  await stock.fill(seconds * SIGNED_PER_SECOND);
  const ledger = new Ledger(() => stock.take());
  const cpuBefore = await platform.cpu();
  const loadBefore = process.cpuUsage();
  onStart?.();
  const result = await runPhase({ port, connections, seconds, ledger });
  const load = process.cpuUsage(loadBefore);
  const cpu = cpuBetween(cpuBefore, await platform.cpu());
  const drained = await drain(port, ledger);
  const submissions = [...ledger.submissions()];
  for (const { request, statuses } of submissions) answers.set(request.id, statuses);
  const requests = Object.values(result.statuses).reduce((sum, count) => sum + count, 0);
  const perRequest = (ms: number) => ms / Math.max(1, requests);
  return {
    ...result,
    drained,
    refused: submissions.filter((submission) => submission.state === 'refused').length,
    retried: submissions.filter((submission) =>
      submission.statuses.some((status) => verdictOf(status) === 'retry'),
    ).length,
    cpuMsPerRequest: {
      load: perRequest((load.user + load.system) / 1000),
      platform: perRequest(cpu.platformMs),
      containers: perRequest(cpu.containersMs),
    },
  };
}

/**
 * Injects each episode at its share of the phase, and not before the ones before it have struck
 * all their calls, so an outage does not swallow the next episode; what the phase ends before is
 * reported as not injected.
 */
async function injectEpisodes(
  platform: PlatformProcess,
  seconds: number,
  ended: () => boolean,
): Promise<string[]> {
  const started = Date.now();
  const injected: string[] = [];
  let expected = 0;
  for (const episode of EPISODES) {
    const due = started + episode.at * seconds * 1000;
    for (;;) {
      if (ended()) return injected;
      const { before, after } = (await platform.faults()).struck;
      if (Date.now() >= due && before + after >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    platform.tell(episode.message);
    expected += strikesOf(episode.message);
    injected.push(episode.name);
  }
  return injected;
}

async function faultPhase(
  platform: PlatformProcess,
  credentials: Credentials,
  prefix: string,
  options: ApiBenchOptions,
  answers: Map<string, readonly number[]>,
): Promise<ApiBenchReport['faults']> {
  const struckBefore = (await platform.faults()).struck;
  let ended = false;
  let injecting: Promise<string[]> = Promise.resolve([]);
  const phase = await measured(
    platform,
    platform.ready.apiPort,
    credentials,
    prefix,
    options.faultSeconds,
    options.connections,
    answers,
    () => {
      injecting = injectEpisodes(platform, options.faultSeconds, () => ended);
    },
  ).finally(() => (ended = true));
  const injected = await injecting;
  const { before, after } = (await platform.faults()).struck;
  return {
    ...phase,
    struck: { before: before - struckBefore.before, after: after - struckBefore.after },
    episodes: EPISODES.map((episode) =>
      injected.includes(episode.name)
        ? episode.name
        : `${episode.name} (not injected: the phase ended first)`,
    ),
  };
}

function* acknowledged(answers: ReadonlyMap<string, readonly number[]>): Generator<string> {
  for (const [id, statuses] of answers)
    if (statuses.some((status) => verdictOf(status) === 'accepted')) yield id;
}

async function main(): Promise<void> {
  const options = parseApiBenchArgs(process.argv.slice(2));
  const loadBefore = loadavg()[0]!;
  const platform = await startPlatform(options.containers);
  try {
    const { ready } = platform;
    const credentials: Credentials = ready;
    // The raw producer signs its MSK IAM token from the default credential chain, as the function does.
    process.env.AWS_ACCESS_KEY_ID = ready.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = ready.secretAccessKey;
    const run = randomUUID().slice(0, 8);
    // Every record the API was sent in the run, with its answers in order.
    const answers = new Map<string, readonly number[]>();
    const phase = (port: number, name: string, seconds: number, into = answers) =>
      measured(platform, port, credentials, `${run}-${name}`, seconds, options.connections, into);

    await phase(ready.apiPort, 'api-warmup', options.warmupSeconds);
    const api = await phase(ready.apiPort, 'api', options.seconds);
    // The baseline function produces nothing: its records are not looked for in Kafka.
    const baselineAnswers = new Map<string, readonly number[]>();
    await phase(ready.baselinePort, 'baseline-warmup', options.warmupSeconds, baselineAnswers);
    const baseline = await phase(ready.baselinePort, 'baseline', options.seconds, baselineAnswers);
    const producerCpu = await platform.cpu();
    const producer = await producerBaseline({
      brokers: ready.kafkaIamBrokers,
      ca: ready.kafkaCa,
      region: ready.region,
      topic: ready.baselineTopic,
      producers: options.containers ?? 2,
      seconds: options.producerSeconds,
    });
    const brokerMs = cpuBetween(producerCpu, await platform.cpu()).platformMs;
    // Containers idle for 10 s are reclaimed: the fault phase starts warm, as the steady one did.
    await phase(ready.apiPort, 'faults-warmup', options.warmupSeconds);
    const faults = await faultPhase(platform, credentials, `${run}-faults`, options, answers);
    const stored = await readIds(ready.kafkaBrokers, 'purchases', 'transaction_id');
    const report: ApiBenchReport = {
      machine: benchMachine(),
      loadAverage: [loadBefore, loadavg()[0]!],
      options,
      api,
      baseline,
      producer: {
        ...producer,
        platformMsPerRecord: brokerMs / (producer.recordsPerSecond * producer.seconds),
      },
      faults,
      delivery: compareDelivery(
        acknowledged(answers),
        stored.map((record) => record.id),
      ),
      answers,
      stored,
    };
    printReport(report, options.json);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench:api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
