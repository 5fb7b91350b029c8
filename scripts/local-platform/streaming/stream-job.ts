/**
 * The local stand-in of the Glue streaming job `stream_to_raw` for one topic: a consumer in the
 * job's group reads the topic from its committed offsets, and every window its records become
 * one micro-batch, placed by hybrid_lake_etl's rule (placement.ts) and written to the raw zone in
 * the streaming job's layout. Its checkpoint is the group's committed offsets, made exactly once
 * by the write-ahead record of micro-batch.ts.
 *
 * The checkpoint holds only while one job writes the topic, as a Glue job is one driver: a job
 * writes only while the group has given it every partition, reads the checkpoint again after each
 * rebalance, drops a batch whose generation ended under it (its write-ahead record stays for the
 * next owner), and reads back every commit it makes (kafkajs resolves a commit it skipped).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { putRawObject } from '../../generate-data';
import {
  announcedBatch,
  batchFiles,
  batchIdentity,
  writeAheadMetadata,
  type BatchFile,
  type FetchedRecord,
  type PendingBatch,
} from './micro-batch';
import { PlacementProcess } from './placement';

export interface StreamJobSettings {
  /** The Glue job's name: the consumer group, as the deployed job's checkpoint is its own. */
  readonly jobName: string;
  readonly topic: string;
  readonly dataset: string;
  readonly eventTimeColumn: string;
  readonly partitionKeys: readonly string[];
  readonly rawBucket: string;
  /** How long a micro-batch gathers records (the Glue job's window, shortened). */
  readonly windowMs: number;
}

/** What one written micro-batch reports (before its end offsets are committed). */
export interface BatchReport {
  readonly topic: string;
  /** The batch's offset ranges: a batch written again after a restart reports the same. */
  readonly identity: string;
  readonly records: number;
  readonly rejected: number;
  readonly files: number;
  /** Per record: ms from its production to its file being in the raw zone. */
  readonly latenciesMs: readonly number[];
  readonly replayed: boolean;
}

export interface StreamJobDependencies {
  readonly kafka: Kafka;
  readonly s3: S3Client;
  /** Told of every batch written, before its end is committed; awaited. */
  readonly onBatch: (report: BatchReport) => Promise<void> | void;
  readonly onError: (error: unknown) => void;
  readonly now?: () => Date;
  /** Called once a batch's files are written, before it is reported and committed (the crash drill). */
  readonly afterFilesWritten?: () => void;
}

/** Kafka's smallest session timeout (`group.min.session.timeout.ms`): a dead job is noticed soonest. */
const SESSION_TIMEOUT_MS = 6_000;
/** Batches a stopping job writes at most to empty what it holds. */
const FLUSHES_ON_STOP = 5;
/** How long a stop waits for the client to leave the group before it lets go. */
const DISCONNECT_WAIT_MS = 10_000;

export class StreamJobError extends Error {
  override readonly name = 'StreamJobError';
}

/** The group's position for this job: committed offsets, and a batch announced and unfinished. */
interface Checkpoint {
  readonly committed: Map<number, number>;
  announced: PendingBatch | undefined;
}

export class LocalStreamJob {
  /** Records fetched and not yet written, per partition, by offset (a record fetched twice is one). */
  private readonly buffered = new Map<number, Map<number, FetchedRecord>>();
  /** The partitions the group gave this job, and the rebalance they came from. */
  private assigned = new Set<number>();
  private generation = 0;
  private checkpoint: Checkpoint | undefined;
  private partitionCount = 0;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly placement: PlacementProcess;
  private readonly now: () => Date;

  constructor(
    private readonly settings: StreamJobSettings,
    private readonly dependencies: StreamJobDependencies,
  ) {
    this.placement = new PlacementProcess(settings.eventTimeColumn, settings.partitionKeys);
    this.now = dependencies.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const { kafka } = this.dependencies;
    const { jobName, topic, windowMs } = this.settings;
    const admin = kafka.admin();
    this.admin = admin;
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    this.partitionCount = topics[0]?.partitions.length ?? 0;
    const consumer = kafka.consumer({
      groupId: jobName,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 500,
      maxWaitTimeInMs: Math.min(windowMs, 1_000),
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      // A new generation: what was held may belong to another job now, and the checkpoint may
      // have moved; both are read again before the next batch.
      this.generation += 1;
      this.assigned = new Set(payload.memberAssignment[topic] ?? []);
      this.checkpoint = undefined;
      for (const partition of this.buffered.keys())
        if (!this.assigned.has(partition)) this.buffered.delete(partition);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) this.accept(batch.partition, message);
        return Promise.resolve();
      },
    });
    this.timer = setInterval(() => {
      this.flushing = this.flushing.then(() => this.flush()).catch(this.dependencies.onError);
    }, windowMs);
  }

  /** Stops after writing what it holds (a few batches at most), committing it, leaving the group. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    for (let round = 0; round < FLUSHES_ON_STOP && this.pendingRecords > 0; round += 1)
      await this.flush().catch(this.dependencies.onError);
    // Leaving the group after the last commit is a courtesy to the next run (no session to wait
    // out); kafkajs may never settle a disconnect called while it reconnects (its issue #1147).
    await settledWithin(this.consumer?.disconnect(), DISCONNECT_WAIT_MS);
    await settledWithin(this.admin?.disconnect(), DISCONNECT_WAIT_MS);
    this.placement.stop();
  }

  /** Records held and not yet written. */
  get pendingRecords(): number {
    return [...this.buffered.values()].reduce((sum, records) => sum + records.size, 0);
  }

  private accept(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const records = this.buffered.get(partition) ?? new Map<number, FetchedRecord>();
    // Invalid UTF-8 in a value becomes U+FFFD here: the raw zone holds text.
    records.set(offset, {
      partition,
      offset,
      value: message.value?.toString('utf8') ?? '',
      producedAt: Number(message.timestamp),
    });
    this.buffered.set(partition, records);
  }

  private async readCheckpoint(): Promise<Checkpoint> {
    const { jobName, topic } = this.settings;
    const [offsets] = await this.admin!.fetchOffsets({ groupId: jobName, topics: [topic] });
    const partitions = (offsets?.partitions ?? []).map((partition) => ({
      partition: partition.partition,
      offset: Number(partition.offset),
      metadata: partition.metadata,
    }));
    return {
      committed: new Map(
        partitions
          .filter(({ offset }) => offset >= 0)
          .map(({ partition, offset }) => [partition, offset]),
      ),
      announced: announcedBatch(partitions),
    };
  }

  /** Commits `offsets` and reads them back: kafkajs resolves a commit it did not send. */
  private async commit(
    offsets: readonly { partition: number; offset: number; metadata: string | null }[],
  ): Promise<void> {
    const { jobName, topic } = this.settings;
    await this.consumer!.commitOffsets(
      offsets.map(({ partition, offset, metadata }) => ({
        topic,
        partition,
        offset: String(offset),
        metadata,
      })),
    );
    const [stored] = await this.admin!.fetchOffsets({ groupId: jobName, topics: [topic] });
    for (const { partition, offset, metadata } of offsets) {
      const found = stored?.partitions.find((candidate) => candidate.partition === partition);
      if (Number(found?.offset) !== offset || (found?.metadata || null) !== (metadata || null))
        throw new StreamJobError(
          `the commit of ${topic}-${partition} at ${offset} did not reach the group (it holds ${found?.offset})`,
        );
    }
  }

  /** The next batch: the announced one once all its records are here, else all held records. */
  private nextBatch(
    checkpoint: Checkpoint,
  ): { batch: PendingBatch; records: FetchedRecord[] } | undefined {
    // Records below the committed offsets were written before (by this job or another).
    for (const [partition, records] of this.buffered) {
      const committed = checkpoint.committed.get(partition) ?? 0;
      for (const offset of records.keys()) if (offset < committed) records.delete(offset);
    }
    const held = (partition: number) =>
      [...(this.buffered.get(partition)?.values() ?? [])].sort((a, b) => a.offset - b.offset);
    if (checkpoint.announced) {
      const records: FetchedRecord[] = [];
      for (const [partition, { start, end }] of checkpoint.announced.ranges) {
        const inRange = held(partition).filter((record) => record.offset < end);
        if (inRange.length > 0 && inRange[0]!.offset > start)
          throw new StreamJobError(
            `records ${start}–${inRange[0]!.offset - 1} of ${this.settings.topic}-${partition} are gone (retention) before the batch announced for them was written`,
          );
        if (inRange.length < end - start) return undefined; // not all fetched yet
        records.push(...inRange);
      }
      return { batch: checkpoint.announced, records };
    }
    const ranges = new Map<number, { start: number; end: number }>();
    const records: FetchedRecord[] = [];
    for (const partition of this.buffered.keys()) {
      const run = held(partition);
      if (run.length === 0) continue;
      ranges.set(partition, { start: run[0]!.offset, end: run.at(-1)!.offset + 1 });
      records.push(...run);
    }
    if (ranges.size === 0) return undefined;
    return { batch: { ranges, at: this.now() }, records };
  }

  private async flush(): Promise<void> {
    const generation = this.generation;
    // Only the job holding the whole topic writes: two would each announce and replay batches.
    if (this.assigned.size === 0 || this.assigned.size < this.partitionCount) return;
    this.checkpoint ??= await this.readCheckpoint();
    const checkpoint = this.checkpoint;
    const next = this.nextBatch(checkpoint);
    if (!next) return;
    const { batch, records } = next;
    const { topic, dataset, rawBucket } = this.settings;
    const ended = () => this.generation !== generation;
    const replayed = checkpoint.announced !== undefined;
    if (!replayed) {
      await this.commit(
        [...batch.ranges].map(([partition, { start, end }]) => ({
          partition,
          offset: start,
          metadata: writeAheadMetadata(end, batch.at),
        })),
      );
      // Announced: from here on, a failure writes this very batch again.
      checkpoint.announced = batch;
    }
    if (ended()) return;
    const placements = await this.placement.place(
      records.map((record) => record.value),
      batch.at,
    );
    const files = batchFiles(topic, dataset, batch, records, placements);
    await Promise.all(files.map((file) => this.write(rawBucket, file)));
    const writtenAt = Date.now();
    this.dependencies.afterFilesWritten?.();
    if (ended()) return;
    await this.dependencies.onBatch({
      topic,
      identity: batchIdentity(batch),
      records: records.length,
      rejected: placements.filter((placement) => 'rejected' in placement).length,
      files: files.length,
      latenciesMs: records.map((record) => writtenAt - record.producedAt),
      replayed,
    });
    await this.commit(
      [...batch.ranges].map(([partition, { end }]) => ({ partition, offset: end, metadata: null })),
    );
    checkpoint.announced = undefined;
    for (const [partition, { end }] of batch.ranges) {
      checkpoint.committed.set(partition, end);
      const held = this.buffered.get(partition);
      for (const offset of held?.keys() ?? []) if (offset < end) held!.delete(offset);
    }
  }

  private write(bucket: string, file: BatchFile): Promise<void> {
    const { dataset } = this.settings;
    return putRawObject(this.dependencies.s3, bucket, {
      dataset,
      key: file.key,
      body: file.body,
      records: file.records.length,
    });
  }
}

/** Waits for `work` to settle, or for `ms` to pass, whichever is first; never throws. */
async function settledWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([work?.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
