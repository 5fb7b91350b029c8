/**
 * `npm run produce`: resolves the topics from the platform definition, builds the simulated
 * population from the seed, and runs the producer loop into Kafka (or stdout for `--dry-run`)
 * until the count, the duration or a signal stops it. Exit codes: 0 done, 1 Kafka or generator
 * failure, 2 usage or configuration error.
 */
import { randomInt } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { loadPlatform, PlatformDefinitionError, type Platform } from '../../infra/platform';
import { parseBrokers, parseProduceArgs, USAGE, type ProduceArgs } from './args';
import { dailyRhythm } from './daily-rhythm';
import { classifyKafkaError, KafkaDeliveryError, UnknownTopicError } from './errors';
import { createEventSource, resolveTopics, type TopicTarget } from './event-source';
import { kafkaClientConfig, type TokenGenerator } from '../../lambdas/shared/kafka-config';
import {
  DEFAULT_BATCH_SIZE,
  offsetClock,
  runProducerLoop,
  systemClock,
  type Clock,
  type StopReason,
} from './producer-loop';
import { MAX_SEED, Random } from './random';
import { botBurstMessages, waitBeforeBurst } from './bot-burst';
import { MINUTE_MS } from '../generate-data/day-times';
import { monitoredTopics } from '../../infra/aws/facts/traffic';
import { TokenBucket } from './rate-limiter';
import { connectKafkaSink, dryRunSink, type ClosableSink } from './sinks';
import { runCli } from '../shared/cli-main';
import { UsageError } from '../shared/usage-error';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Everything from outside; tests inject the clock, the output and the stop signal. */
export interface ProduceDependencies {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Aborted by the first SIGINT/SIGTERM. */
  readonly stop: AbortSignal;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default the MSK IAM signer with the default AWS credential chain */
  readonly generateToken?: TokenGenerator;
}

export function main(argv: readonly string[], dependencies: ProduceDependencies): Promise<number> {
  return runCli(
    {
      name: 'produce',
      usage: USAGE,
      usageExitCode: EXIT.usage,
      parse: parseProduceArgs,
      run: (args) => {
        const platform = loadPlatform(args.env);
        const topics = args.burst ? [monitoredTopics(platform).requests.name] : args.topics;
        return produce(args, platform, resolveTopics(platform, topics), dependencies);
      },
      // The unknown topic's message lists the platform's topics: the usage would only bury them.
      failure: (error) =>
        error instanceof UnknownTopicError || error instanceof PlatformDefinitionError
          ? EXIT.usage
          : error instanceof UsageError
            ? { code: EXIT.usage, usage: true }
            : undefined,
    },
    argv,
    dependencies,
  );
}

async function produce(
  args: ProduceArgs,
  platform: Platform,
  targets: readonly TopicTarget[],
  dependencies: ProduceDependencies,
): Promise<number> {
  const { env, stderr, stop } = dependencies;
  const clock = offsetClock(
    dependencies.clock ?? systemClock,
    (args.clockOffsetSeconds ?? 0) * 1000,
  );
  const seed = args.seed ?? randomInt(0, MAX_SEED);
  const rhythm = args.flat ? () => 1 : dailyRhythm();
  const limiter = new TokenBucket({
    ratePerSecond: (now) => args.rate * rhythm(now),
    capacity: Math.max(1, args.rate),
    now: () => clock.now(),
  });

  let brokers: readonly string[] = [];
  let sink: ClosableSink;
  try {
    if (args.dryRun) {
      sink = dryRunSink(dependencies.stdout);
    } else {
      const configured =
        args.brokers ??
        (env.KAFKA_BROKERS ? parseBrokers(env.KAFKA_BROKERS, 'KAFKA_BROKERS') : undefined);
      if (!configured)
        throw new UsageError('no Kafka brokers: pass --brokers host:port,… or set KAFKA_BROKERS');
      brokers = configured;
      const kafka = new Kafka(
        kafkaClientConfig({
          brokers,
          auth: args.auth,
          region: args.region ?? (env.AWS_REGION || platform.environment.region),
          log: stderr,
          ...(dependencies.generateToken && { generateToken: dependencies.generateToken }),
        }),
      );
      stderr(`produce: connecting to ${brokers.join(', ')} (auth ${args.auth})`);
      sink = await connectKafkaSink(
        kafka,
        targets.map((target) => target.topic.name),
      );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`produce: ${error.message}`);
      return EXIT.usage;
    }
    stderr(`produce: ${classifyKafkaError(error, brokers).message}`);
    return EXIT.failed;
  }

  if (args.burst) return produceBurst(platform, seed, sink, clock, dependencies, brokers);

  const rateNow = args.rate * rhythm(clock.now());
  stderr(
    `produce: seed ${seed}; ${targets.map((t) => `${t.topic.name} (${t.dataset.name})`).join(', ')}; ` +
      (args.flat
        ? `${args.rate} records/s`
        : `up to ${args.rate} records/s at the evening peak, ${round(rateNow)}/s now`),
  );

  const delivered = new Map<string, number>(targets.map((target) => [target.topic.name, 0]));
  let exitCode: number = EXIT.ok;
  let reason: StopReason | 'failure' = 'failure';
  try {
    reason = await runProducerLoop({
      source: createEventSource(targets, seed),
      sink,
      limiter,
      clock,
      stop,
      delivered,
      ...(args.count !== undefined && { maxRecords: args.count }),
      ...(args.durationSeconds !== undefined && { durationMs: args.durationSeconds * 1000 }),
    });
  } catch (error) {
    const reported =
      args.dryRun || !isKafkaFailure(error) ? error : classifyKafkaError(error, brokers);
    stderr(`produce: ${reported instanceof Error ? reported.message : String(reported)}`);
    exitCode = EXIT.failed;
  } finally {
    await closeSink(sink, stderr);
  }
  stderr(summary(delivered, reason));
  return exitCode;
}

/**
 * `--burst`: waits, if need be, for a minute with room for the whole burst, sends it in
 * acknowledged batches and says which minute the traffic monitor should flag.
 */
async function produceBurst(
  platform: Platform,
  seed: number,
  sink: ClosableSink,
  clock: Clock,
  dependencies: ProduceDependencies,
  brokers: readonly string[],
): Promise<number> {
  const { stderr, stop } = dependencies;
  const delivered = new Map<string, number>();
  let reason: StopReason | 'failure' = 'failure';
  let exitCode: number = EXIT.ok;
  try {
    const wait = waitBeforeBurst(clock.now());
    if (wait > 0) {
      stderr(`produce: the burst waits ${Math.ceil(wait / 1000)} s for the next minute`);
      await clock.sleep(wait, stop);
    }
    if (stop.aborted) {
      reason = 'signal';
    } else {
      const start = clock.now();
      const burst = botBurstMessages(platform, start, new Random(seed).fork('burst'));
      for (let from = 0; from < burst.messages.length; from += DEFAULT_BATCH_SIZE) {
        const batch = burst.messages.slice(from, from + DEFAULT_BATCH_SIZE);
        await sink.send(batch);
        delivered.set(burst.topic, (delivered.get(burst.topic) ?? 0) + batch.length);
      }
      reason = 'count';
      const minute = new Date(start - (start % MINUTE_MS)).toISOString().slice(11, 16);
      stderr(
        `produce: bot burst of ${burst.messages.length} requests from ${burst.clientIp} in the minute ${minute} UTC ` +
          `(the ceiling is ${platform.trafficMonitor.botRule.maxRequestsPerMinute}); the traffic monitor alerts once that minute closes`,
      );
    }
  } catch (error) {
    const reported = isKafkaFailure(error) ? classifyKafkaError(error, brokers) : error;
    stderr(`produce: ${reported instanceof Error ? reported.message : String(reported)}`);
    exitCode = EXIT.failed;
  } finally {
    await closeSink(sink, stderr);
  }
  stderr(summary(delivered, reason));
  return exitCode;
}

/** Releases the connections; a failure to is reported, never thrown over the run's outcome. */
async function closeSink(sink: ClosableSink, stderr: (line: string) => void): Promise<void> {
  await sink.close().catch((error: unknown) => {
    stderr(`produce: disconnect failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Errors that come from the Kafka client rather than from the generators. */
function isKafkaFailure(error: unknown): boolean {
  if (error instanceof KafkaDeliveryError) return true;
  const name = error instanceof Error ? error.name : '';
  return name.startsWith('KafkaJS') || name === 'CredentialsProviderError';
}

/** `produce: delivered 120 records (access-events 100, purchases 20); stopped: count` */
export function summary(
  delivered: ReadonlyMap<string, number>,
  reason: StopReason | 'failure',
): string {
  const total = [...delivered.values()].reduce((sum, count) => sum + count, 0);
  const perTopic = [...delivered].map(([topic, count]) => `${topic} ${count}`).join(', ');
  return `produce: delivered ${total} records (${perTopic}); stopped: ${reason}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
