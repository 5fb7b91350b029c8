/**
 * Amazon MSK event source mappings, locally: one Kafka consumer group per mapped topic (as an MSK
 * mapping takes one topic and owns its group), reading localcloud's broker. Each fetch's records,
 * across partitions, go to the function as one MSK event (`records` keyed `topic-partition`,
 * base64 keys and values, with-msk.html), in batches of at most `batchSize`; the offsets are
 * committed once the function succeeded. A failed batch is retried `maxRetryAttempts` times, then
 * its description goes to the on-failure queue and the mapping moves on, as Lambda does.
 *
 * A partition's records reach the function in offset order, one batch at a time, as Lambda
 * reads each partition sequentially. The local consumer uses the plaintext listener: the IAM
 * listener is exercised by the producer, and the handler never sees the connection.
 */
import { retryDelayMs } from './async-failure';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { MSKEvent, MSKRecord } from 'aws-lambda';
import { Kafka, logLevel, type Admin, type Batch, type Consumer } from 'kafkajs';
import type { FunctionTrigger } from '../deployment';
import type { FunctionInstances } from './function-instances';
import { sleep, type TriggerDependencies } from './polling';

type KafkaTrigger = Extract<FunctionTrigger, { kind: 'kafka' }>;

/** How long the mapping waits for the rest of a fetch's partitions before invoking. */
const GATHER_MS = 20;
/** Waits between retries of a failed batch (Lambda backs off for seconds; the run cannot). */
const RETRY_DELAYS_MS = [100, 200, 400, 800];
/** The broker holds a fetch until this much is there or the batching window ends. */
const FETCH_MIN_BYTES = 256 * 1024;

interface Waiting {
  readonly batch: Batch;
  /** Settles the partition's wait: `delivered` false means the mapping stopped first. */
  readonly done: (delivered: boolean) => void;
}

/** How often a waiting partition heartbeats: kafkajs only does while it is called. */
const HEARTBEAT_MS = 3_000;

/** The mapping stopped before the batch was delivered: its offsets must not be committed. */
class MappingStoppedError extends Error {
  override readonly name = 'MappingStoppedError';
}

export interface KafkaMappingDependencies extends TriggerDependencies {
  /** Plaintext bootstrap servers of the local broker (`host:port`). */
  readonly brokers: string;
  /** The function's ARN, as the on-failure record names it. */
  readonly functionArn: string;
}

export class KafkaEventSourceMapping {
  private readonly kafka: Kafka;
  private readonly consumers: Consumer[] = [];
  private admin: Admin | undefined;
  /** Per topic: the partitions' batches waiting for their invocation (mappings never mix topics). */
  private readonly gathering = new Map<string, { waiting: Waiting[]; timer: NodeJS.Timeout }>();
  private inHand = 0;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly instances: FunctionInstances,
    private readonly trigger: KafkaTrigger,
    private readonly deps: KafkaMappingDependencies,
  ) {
    this.kafka = new Kafka({
      clientId: `${instances.spec.functionName}-mapping`,
      brokers: deps.brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
  }

  /** Batches read and not yet settled. */
  get busy(): number {
    return this.inHand;
  }

  get enabled(): boolean {
    return !this.paused;
  }

  start(): void {
    for (const mapping of this.trigger.mappings) {
      const consumer = this.kafka.consumer({
        groupId: mapping.consumerGroup,
        minBytes: FETCH_MIN_BYTES,
        maxWaitTimeInMs: this.trigger.maxBatchingWindowSeconds * 1000,
        retry: { retries: 10 },
      });
      this.consumers.push(consumer);
      void this.run(consumer, mapping.topic).catch((error: unknown) =>
        this.deps.warn(`the mapping on ${mapping.topic} stopped`, error),
      );
    }
  }

  private async run(consumer: Consumer, topic: string): Promise<void> {
    await consumer.connect();
    // The topics are created empty by the local deployment: reading from the start is LATEST
    // as of the mapping's creation.
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      // Every partition of a fetch is handed over at once, so they can share one invocation.
      partitionsConsumedConcurrently: 64,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.isEmpty()) return;
        // The group would evict a member silent for its session timeout (30 s), and an
        // invocation with its retries can take longer: beat while the batch waits.
        const beating = setInterval(() => {
          payload.heartbeat().catch(() => undefined);
        }, HEARTBEAT_MS);
        let delivered: boolean;
        try {
          delivered = await new Promise<boolean>((done) => this.gather({ batch, done }));
        } finally {
          clearInterval(beating);
        }
        // Thrown, the batch is not resolved and nothing is committed: it is read again.
        if (!delivered) throw new MappingStoppedError(`${topic} stopped before delivering`);
        payload.resolveOffset(batch.lastOffset());
        await payload.heartbeat();
      },
    });
  }

  private gather(waiting: Waiting): void {
    const topic = waiting.batch.topic;
    const open = this.gathering.get(topic);
    if (open) {
      open.waiting.push(waiting);
      return;
    }
    const timer = setTimeout(() => {
      const batches = this.gathering.get(topic)?.waiting ?? [];
      this.gathering.delete(topic);
      void this.invokeAll(batches);
    }, GATHER_MS);
    this.gathering.set(topic, { waiting: [waiting], timer });
  }

  private async invokeAll(waiting: readonly Waiting[]): Promise<void> {
    this.inHand += 1;
    let delivered = false;
    try {
      while (this.paused && !this.stopped) await sleep(50);
      delivered = !this.stopped;
      for (const chunk of chunks(
        waiting.map((w) => w.batch),
        this.trigger.batchSize,
      )) {
        if (!delivered) break;
        delivered = await this.invokeWithRetries(chunk);
      }
    } finally {
      this.inHand -= 1;
      for (const { done } of waiting) done(delivered);
    }
  }

  /** False when the mapping stopped before the batch was settled (neither succeeded nor given up). */
  private async invokeWithRetries(records: readonly MSKRecord[]): Promise<boolean> {
    const event: MSKEvent = {
      eventSource: 'aws:kafka',
      eventSourceArn: this.trigger.eventSourceArn,
      bootstrapServers: this.deps.brokers,
      records: groupByPartition(records),
    };
    let lastError = '';
    let requestId = '';
    const attempts = this.trigger.maxRetryAttempts + 1;
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt += 1) {
      const run = await this.instances.run(event);
      requestId = run.requestId;
      const outcome = run.result.kind;
      this.deps.record({
        functionName: this.instances.spec.functionName,
        requestId: run.requestId,
        trigger: 'kafka',
        attempt,
        coldStart: run.coldStart,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        outcome,
        ...(run.result.kind !== 'success' && {
          error: `${run.result.error.errorType}: ${run.result.error.errorMessage}`,
        }),
        kafkaRecords: records.length,
      });
      if (run.result.kind === 'success') return true;
      lastError = run.result.error.errorType;
      // A wait before the next attempt only: after the last, the batch goes on at once.
      if (attempt < attempts) await sleep(retryDelayMs(RETRY_DELAYS_MS, attempt));
    }
    // Stopped between attempts: neither delivered nor given up; the records are read again.
    if (this.stopped) return false;
    await this.sendToOnFailure(event, records, requestId, lastError, attempts);
    return true;
  }

  /** What Lambda sends an on-failure destination for a discarded Kafka batch (no record content). */
  private async sendToOnFailure(
    event: MSKEvent,
    records: readonly MSKRecord[],
    requestId: string,
    functionError: string,
    invokeCount: number,
  ): Promise<void> {
    const recordsInfo = Object.fromEntries(
      Object.entries(event.records).map(([key, list]) => [
        key,
        {
          firstRecordOffset: String(list[0]!.offset),
          firstRecordTimestamp: new Date(list[0]!.timestamp).toISOString(),
          lastRecordOffset: String(list[list.length - 1]!.offset),
          lastRecordTimestamp: new Date(list[list.length - 1]!.timestamp).toISOString(),
        },
      ]),
    );
    const body = {
      requestContext: {
        requestId,
        functionArn: this.deps.functionArn,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: invokeCount,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KafkaBatchInfo: {
        batchSize: records.length,
        eventSourceArn: event.eventSourceArn,
        bootstrapServers: event.bootstrapServers,
        payloadSize: Buffer.byteLength(JSON.stringify(event)),
        recordsInfo,
      },
    };
    try {
      await this.deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.trigger.deadLetterQueue.url,
          MessageBody: JSON.stringify(body),
        }),
      );
    } catch (error) {
      this.deps.warn(
        `the discarded batch could not be sent to ${this.trigger.deadLetterQueue.name}`,
        error,
      );
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Records of the mapped topics not yet committed by their group, or undefined when none. */
  async backlog(): Promise<string | undefined> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const behind: string[] = [];
    for (const mapping of this.trigger.mappings) {
      const [ends, committed] = await Promise.all([
        this.admin.fetchTopicOffsets(mapping.topic),
        this.admin.fetchOffsets({ groupId: mapping.consumerGroup, topics: [mapping.topic] }),
      ]);
      const done = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
      );
      const lag = ends.reduce(
        (sum, end) =>
          sum + Math.max(0, Number(end.high) - Math.max(0, done.get(end.partition) ?? 0)),
        0,
      );
      if (lag > 0) behind.push(`${mapping.topic}: ${lag} record(s) not committed`);
    }
    return behind.length > 0 ? behind.join('; ') : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer, waiting } of this.gathering.values()) {
      clearTimeout(timer);
      for (const { done } of waiting) done(false);
    }
    this.gathering.clear();
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.admin?.disconnect();
  }
}

/**
 * The batches' records as MSK records, cut into invocations of at most `size` records. The
 * partitions are merged by record timestamp (each partition's own order kept), so a cut falls at
 * a moment across all partitions, as the pollers keep the partitions in step, rather than after
 * whole partitions: every invocation then covers a stretch of time, not the whole fetch.
 */
function* chunks(batches: readonly Batch[], size: number): Generator<MSKRecord[]> {
  const queues = batches.map((batch) =>
    batch.messages.map((message) => toMskRecord(batch, message)),
  );
  const heads = queues.map(() => 0);
  let chunk: MSKRecord[] = [];
  for (;;) {
    let next = -1;
    for (let index = 0; index < queues.length; index += 1) {
      const head = queues[index]![heads[index]!];
      if (head && (next < 0 || head.timestamp < queues[next]![heads[next]!]!.timestamp))
        next = index;
    }
    if (next < 0) break;
    chunk.push(queues[next]![heads[next]!]!);
    heads[next] = heads[next]! + 1;
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function toMskRecord(batch: Batch, message: Batch['messages'][number]): MSKRecord {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    timestampType: 'CREATE_TIME',
    key: message.key?.toString('base64') ?? '',
    value: message.value?.toString('base64') ?? '',
    headers: Object.entries(message.headers ?? {}).map(([name, value]) => ({
      [name]: [...Buffer.from(value === undefined ? '' : String(value))],
    })),
  };
}

function groupByPartition(records: readonly MSKRecord[]): MSKEvent['records'] {
  const grouped: MSKEvent['records'] = {};
  for (const record of records)
    (grouped[`${record.topic}-${record.partition}`] ??= []).push(record);
  return grouped;
}
