/**
 * A local Lambda service for the platform's functions: each function runs its real handler
 * module in child-process containers, invoked the way its deployed trigger invokes it (SQS event
 * source mapping, asynchronous invocation from EventBridge, or directly), with the dead-letter
 * alarms CloudWatch would raise. See README.md in this folder.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalFunctionSpec, QueueRef } from '../deployment';
import { AsyncInvoker } from './async-invoker';
import { DeadLetterAlarms } from './dead-letter-alarms';
import { LocalFunctionsBusyError, TriggerConfigurationError, UnknownFunctionError } from './errors';
import { FunctionInstances } from './function-instances';
import { bundleAll } from './function-bundle';
import {
  ALARM_EVALUATION_INTERVAL_MS,
  DEFAULT_ASYNC_RETRY_DELAYS_MS,
  functionConcurrency,
} from './function-settings';
import { functionArn } from './lambda-environment';
import { sleep } from './polling';
import { SqsEventSourceMapping, type TriggerDependencies } from './sqs-mapping';
import { KafkaEventSourceMapping } from './kafka-mapping';
import type {
  InvocationRecord,
  InvocationResult,
  LocalFunctions,
  LocalFunctionsOptions,
} from './types';

export * from './types';
export { LocalFunctionsBusyError, TriggerConfigurationError, UnknownFunctionError } from './errors';

/** The repository root: handler modules resolve their imports from here, as from /var/task. */
const TASK_ROOT = resolve(__dirname, '..', '..', '..');
const IDLE_CHECK_INTERVAL_MS = 100;
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

interface LocalFunction {
  readonly spec: LocalFunctionSpec;
  readonly instances: FunctionInstances;
  readonly trigger: SqsEventSourceMapping | AsyncInvoker | KafkaEventSourceMapping | undefined;
  readonly logFd: number;
}

export async function startLocalFunctions(
  cloud: LocalCloud,
  functions: readonly LocalFunctionSpec[],
  options: LocalFunctionsOptions,
): Promise<LocalFunctions> {
  mkdirSync(options.logDirectory, { recursive: true });
  const sqs = new SQSClient(cloud.clientConfig);
  const events = new EventBridgeClient(cloud.clientConfig);
  await requireQueues(sqs, functions);
  const identity = { region: cloud.region, accountId: cloud.accountId };
  const records: InvocationRecord[] = [];
  const runtimeLog = openSync(join(options.logDirectory, 'lambda-runtime.log'), 'a');
  const warn = (message: string, error: unknown) => {
    const detail =
      error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    writeSync(runtimeLog, `${new Date().toISOString()} ${message}: ${detail}\n`);
  };
  const deps: TriggerDependencies = { sqs, record: (record) => records.push(record), warn };

  // Bundle every handler now, as a deployment does, so no cold start waits for a build; a
  // handler that does not bundle fails its invocations with Runtime.ImportModuleError.
  await bundleAll(functions.map((spec) => spec.handlerModule));
  const byName = new Map<string, LocalFunction>();
  for (const spec of functions) {
    const logFd = openSync(join(options.logDirectory, `${spec.functionName}.log`), 'a');
    const arn = functionArn(spec.functionName, identity);
    const instances = new FunctionInstances(spec, {
      identity,
      cloudEnv: cloud.env,
      taskRoot: TASK_ROOT,
      logFd,
      concurrency: functionConcurrency(spec, options.localConcurrency?.[spec.functionName]),
      invokedFunctionArn: arn,
      ...(options.idleReclaimMs !== undefined && { idleReclaimMs: options.idleReclaimMs }),
    });
    const trigger =
      spec.trigger.kind === 'sqs'
        ? new SqsEventSourceMapping(instances, spec.trigger, deps)
        : spec.trigger.kind === 'async'
          ? new AsyncInvoker(
              instances,
              spec.trigger,
              {
                retryDelaysMs: options.asyncRetryDelaysMs ?? DEFAULT_ASYNC_RETRY_DELAYS_MS,
                functionArn: arn,
                events,
              },
              deps,
            )
          : spec.trigger.kind === 'kafka'
            ? new KafkaEventSourceMapping(instances, spec.trigger, {
                ...deps,
                brokers: kafkaBrokers(cloud),
                functionArn: arn,
              })
            : undefined;
    byName.set(spec.functionName, { spec, instances, trigger, logFd });
  }
  const alarms = new DeadLetterAlarms(cloud, sqs, functions, warn);
  for (const fn of byName.values()) fn.trigger?.start();
  const alarmTimer = setInterval(() => void alarms.evaluate(), ALARM_EVALUATION_INTERVAL_MS);
  alarmTimer.unref();

  function find(functionName: string): LocalFunction {
    const fn = byName.get(functionName);
    if (!fn) throw new UnknownFunctionError(functionName);
    return fn;
  }

  async function queueBusy(queue: QueueRef): Promise<string | undefined> {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const visible = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    const delayed = Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    return visible + inFlight + delayed === 0
      ? undefined
      : `${queue.name}: ${visible} visible, ${inFlight} in flight, ${delayed} delayed`;
  }

  /**
   * What is still going on. Work in hand is read before the queues: a message taken after that
   * read is still counted in flight by its queue, so nothing slips between the two.
   */
  async function busyWork(): Promise<string[]> {
    const busy: string[] = [];
    for (const { spec, instances, trigger } of byName.values()) {
      if (instances.busy > 0) busy.push(`${spec.functionName}: ${instances.busy} invocation(s)`);
      if (trigger && trigger.busy > 0) busy.push(`${spec.functionName}: ${trigger.busy} in hand`);
      if (trigger instanceof AsyncInvoker && trigger.pendingRetries > 0)
        busy.push(`${spec.functionName}: ${trigger.pendingRetries} retry pending`);
    }
    for (const { spec, trigger } of byName.values()) {
      // A paused trigger's queue is meant to fill up: it does not keep the service busy.
      if (!trigger?.enabled || spec.trigger.kind === 'direct') continue;
      if (trigger instanceof KafkaEventSourceMapping) {
        const backlog = await trigger.backlog();
        if (backlog !== undefined) busy.push(backlog);
        continue;
      }
      if (spec.trigger.kind === 'kafka') continue;
      const queue = spec.trigger.kind === 'sqs' ? spec.trigger.queue : spec.trigger.inbox;
      const state = await queueBusy(queue);
      if (state !== undefined) busy.push(state);
    }
    return busy;
  }

  return {
    async invoke(functionName, event): Promise<InvocationResult> {
      const fn = find(functionName);
      const run = await fn.instances.run(event);
      const failed = run.result.kind !== 'success';
      records.push({
        functionName,
        requestId: run.requestId,
        trigger: 'direct',
        attempt: 1,
        coldStart: run.coldStart,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        outcome: run.result.kind,
        ...(run.result.kind !== 'success' && {
          error: `${run.result.error.errorType}: ${run.result.error.errorMessage}`,
        }),
      });
      return run.result.kind === 'success'
        ? { requestId: run.requestId, payload: run.result.payload }
        : { requestId: run.requestId, ...(failed && { error: run.result.error }) };
    },
    pause: (functionName) => find(functionName).trigger?.pause(),
    resume: (functionName) => find(functionName).trigger?.resume(),
    async idle({ timeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = {}): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const changesBefore = alarms.changesEmitted;
        const busy = await busyWork();
        // Quiet: the alarms get a last look, read after the queues were, since an alarm's event
        // is new work for someone; so is one the timer's evaluation emitted meanwhile.
        if (busy.length === 0) {
          await alarms.evaluate();
          if (alarms.changesEmitted === changesBefore) return;
        }
        if (Date.now() >= deadline) throw new LocalFunctionsBusyError(busy, timeoutMs);
        await sleep(IDLE_CHECK_INTERVAL_MS);
      }
    },
    invocations: () => [...records],
    invocationsSince: (count) => records.slice(count),
    async stop(): Promise<void> {
      clearInterval(alarmTimer);
      await Promise.all(
        [...byName.values()].flatMap((fn) => (fn.trigger ? [fn.trigger.stop()] : [])),
      );
      await Promise.all([...byName.values()].map((fn) => fn.instances.stop()));
      for (const fn of byName.values()) closeSync(fn.logFd);
      closeSync(runtimeLog);
      sqs.destroy();
      events.destroy();
    },
  };
}

/**
 * Fails fast, as creating the deployed resources would: every trigger queue must exist, and (as
 * CreateEventSourceMapping insists) an SQS queue must hide a message at least as long as the
 * function may run, or a message still being handled would be delivered again.
 */
async function requireQueues(
  sqs: SQSClient,
  functions: readonly LocalFunctionSpec[],
): Promise<void> {
  for (const { functionName, trigger, timeoutSeconds } of functions) {
    if (trigger.kind === 'direct') continue;
    const source =
      trigger.kind === 'sqs' ? trigger.queue : trigger.kind === 'async' ? trigger.inbox : undefined;
    for (const queue of source ? [source, trigger.deadLetterQueue] : [trigger.deadLetterQueue]) {
      let visibilityTimeout: number;
      try {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: ['VisibilityTimeout'],
          }),
        );
        visibilityTimeout = Number(Attributes?.VisibilityTimeout ?? 0);
      } catch (cause) {
        throw new TriggerConfigurationError(
          `Queue ${queue.name} of ${functionName}'s trigger does not exist`,
          { cause },
        );
      }
      if (trigger.kind === 'sqs' && queue === source && visibilityTimeout < timeoutSeconds)
        throw new TriggerConfigurationError(
          `Queue visibility timeout: ${visibilityTimeout} seconds is less than function timeout: ${timeoutSeconds} seconds (${functionName})`,
        );
    }
  }
}

/** localcloud's plaintext Kafka listener. @throws TriggerConfigurationError when it serves none */
function kafkaBrokers(cloud: LocalCloud): string {
  const brokers = cloud.env.KAFKA_BROKERS;
  if (brokers === undefined || brokers === '')
    throw new TriggerConfigurationError('localcloud serves no Kafka listener (KAFKA_BROKERS)');
  return brokers;
}
