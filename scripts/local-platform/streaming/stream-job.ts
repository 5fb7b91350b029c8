/**
 * The local stand-in of the Glue streaming job `stream_to_raw` for one topic: a consumer in the
 * job's group reads the topic from its committed offsets, and every window its records become
 * one micro-batch, placed by hybrid_lake_etl's rule (placement.ts) and written to the raw zone in
 * the streaming job's layout. Its checkpoint is the group's committed offsets, made exactly once
 * by the write-ahead record of micro-batch.ts.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import {
  announcedBatch,
  batchFiles,
  writeAheadMetadata,
  type BatchFile,
  type FetchedRecord,
  type PendingBatch,
} from './micro-batch';
import { PlacementProcess } from './placement';
import { putRawObject } from '../../generate-data';

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

/** What one written micro-batch reports. */
export interface BatchReport {
  readonly topic: string;
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
  readonly onBatch: (report: BatchReport) => void;
  readonly onError: (error: unknown) => void;
  readonly now?: () => Date;
}

/** Kafka's smallest session timeout (`group.min.session.timeout.ms`): a dead job is noticed soonest. */
const SESSION_TIMEOUT_MS = 6_000;

export class LocalStreamJob {
  /** Records fetched and not yet written, per partition, in offset order. */
  private readonly buffered = new Map<number, FetchedRecord[]>();
  /** The next offset this job has not fetched yet, per partition: earlier ones are fetched twice. */
  private readonly next = new Map<number, number>();
  private announced: PendingBatch | undefined;
  private consumer: Consumer | undefined;
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
    // A batch announced and not finished by a job that died is the first one to write.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: jobName, topics: [topic] });
      const committed = (offsets?.partitions ?? []).map((partition) => ({
        partition: partition.partition,
        offset: Number(partition.offset),
        metadata: partition.metadata,
      }));
      this.announced = announcedBatch(committed);
      for (const { partition, offset } of committed)
        if (offset >= 0) this.next.set(partition, offset);
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({
      groupId: jobName,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 500,
      maxWaitTimeInMs: Math.min(windowMs, 1_000),
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
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

  /** Stops after writing what it holds, committing it, and leaving the group. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush().catch(this.dependencies.onError);
    await this.consumer?.disconnect();
    this.placement.stop();
  }

  /** Records held and not yet written (what a stop would still write). */
  get pendingRecords(): number {
    return [...this.buffered.values()].reduce((sum, records) => sum + records.length, 0);
  }

  private accept(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const expected = this.next.get(partition);
    // After a rebalance the consumer fetches again from the committed offset: records already
    // held are not held twice.
    if (expected !== undefined && offset < expected) return;
    this.next.set(partition, offset + 1);
    const records = this.buffered.get(partition) ?? [];
    records.push({
      partition,
      offset,
      value: message.value?.toString('utf8') ?? '',
      producedAt: Number(message.timestamp),
    });
    this.buffered.set(partition, records);
  }

  /** The next batch: the announced one once all its records are here, else all held records. */
  private nextBatch(): { batch: PendingBatch; records: FetchedRecord[] } | undefined {
    if (this.announced) {
      const { ranges } = this.announced;
      const complete = [...ranges].every(
        ([partition, { end }]) => (this.next.get(partition) ?? 0) >= end,
      );
      if (!complete) return undefined;
      const records = [...ranges].flatMap(([partition, { start, end }]) =>
        (this.buffered.get(partition) ?? []).filter(
          (record) => record.offset >= start && record.offset < end,
        ),
      );
      return { batch: this.announced, records };
    }
    const ranges = new Map<number, { start: number; end: number }>();
    for (const [partition, records] of this.buffered) {
      if (records.length === 0) continue;
      ranges.set(partition, { start: records[0]!.offset, end: records.at(-1)!.offset + 1 });
    }
    if (ranges.size === 0) return undefined;
    const records = [...this.buffered.values()].flat();
    return { batch: { ranges, at: this.now() }, records };
  }

  private async flush(): Promise<void> {
    const consumer = this.consumer;
    const next = this.nextBatch();
    if (!consumer || !next) return;
    const { batch, records } = next;
    const { topic, dataset, rawBucket } = this.settings;
    const replayed = this.announced !== undefined;
    if (!replayed) {
      await consumer.commitOffsets(
        [...batch.ranges].map(([partition, { start, end }]) => ({
          topic,
          partition,
          offset: String(start),
          metadata: writeAheadMetadata(end, batch.at),
        })),
      );
      // Announced: from here on, a failure writes this very batch again.
      this.announced = batch;
    }
    const placements = await this.placement.place(
      records.map((record) => record.value),
      batch.at,
    );
    const files = batchFiles(topic, dataset, batch, records, placements);
    await Promise.all(files.map((file) => this.write(rawBucket, file)));
    const writtenAt = Date.now();
    await consumer.commitOffsets(
      [...batch.ranges].map(([partition, { end }]) => ({
        topic,
        partition,
        offset: String(end),
        metadata: null,
      })),
    );
    this.announced = undefined;
    for (const [partition, { end }] of batch.ranges) {
      const held = this.buffered.get(partition) ?? [];
      this.buffered.set(
        partition,
        held.filter((record) => record.offset >= end),
      );
    }
    this.dependencies.onBatch({
      topic,
      records: records.length,
      rejected: placements.filter((placement) => 'rejected' in placement).length,
      files: files.length,
      latenciesMs: records.map((record) => writtenAt - record.producedAt),
      replayed,
    });
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
