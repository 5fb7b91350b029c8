/**
 * An SQS event source mapping: pollers (as many as the function may run at once) gather up to
 * `batchSize` messages within the batching window, invoke the function with an `SQSEvent`, and
 * delete what succeeded. Failed messages stay: they reappear after the queue's visibility
 * timeout, and the queue's own RedrivePolicy parks them in the DLQ after `maxReceiveCount`.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { FunctionTrigger } from '../deployment';
import type { FunctionInstances } from './function-instances';
import {
  QueuePoller,
  RECEIVE_ERROR_BACKOFF_MS,
  RECEIVE_WAIT_SECONDS,
  sleep,
  type TriggerDependencies,
} from './polling';
import { settleBatch, toSqsRecord } from './sqs-batch';

type SqsTrigger = Extract<FunctionTrigger, { kind: 'sqs' }>;

/** SQS returns at most 10 messages per receive and deletes at most 10 per batch call. */
const SQS_BATCH_LIMIT = 10;

export type { TriggerDependencies } from './polling';

export class SqsEventSourceMapping extends QueuePoller {
  private batchesInHand = 0;

  constructor(
    private readonly instances: FunctionInstances,
    private readonly trigger: SqsTrigger,
    private readonly deps: TriggerDependencies,
  ) {
    super(instances.concurrency);
  }

  /** Batches received and not yet settled. */
  get busy(): number {
    return this.batchesInHand;
  }

  protected async poll(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      await this.gate.whenOpen(signal);
      if (signal.aborted) return;
      let messages: Message[];
      try {
        messages = await this.gather();
      } catch (error) {
        this.deps.warn(`receiving from ${this.trigger.queue.name} failed`, error);
        await sleep(RECEIVE_ERROR_BACKOFF_MS, signal);
        continue;
      }
      if (messages.length === 0) continue;
      this.batchesInHand += 1;
      try {
        await this.invokeWith(
          messages.map((message) => toSqsRecord(message, this.trigger.queue.arn)),
        );
      } finally {
        this.batchesInHand -= 1;
      }
    }
  }

  /** Waits for a first message, then fills the batch until it is full or the window closes. */
  private async gather(): Promise<Message[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.trigger;
    const batch = await this.receive(Math.min(SQS_BATCH_LIMIT, batchSize), RECEIVE_WAIT_SECONDS);
    if (batch.length === 0) return batch;
    this.batchesInHand += 1;
    try {
      const windowEnds = Date.now() + maxBatchingWindowSeconds * 1000;
      while (batch.length < batchSize && Date.now() < windowEnds) {
        const remainingMs = windowEnds - Date.now();
        const wait = remainingMs >= 1000 ? RECEIVE_WAIT_SECONDS : 0;
        const more = await this.receive(Math.min(SQS_BATCH_LIMIT, batchSize - batch.length), wait);
        batch.push(...more);
        if (more.length === 0 && wait === 0) await sleep(Math.min(remainingMs, 50));
      }
    } finally {
      this.batchesInHand -= 1;
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const { Messages } = await this.deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.trigger.queue.url,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages ?? [];
  }

  private async invokeWith(records: SQSRecord[]): Promise<void> {
    const run = await this.instances.run({ Records: records });
    const settlement = settleBatch(records, run.result);
    await this.delete(settlement.toDelete);
    this.deps.record({
      functionName: this.instances.spec.functionName,
      requestId: run.requestId,
      trigger: 'sqs',
      attempt: Math.max(...settlement.messages.map((message) => message.receiveCount)),
      coldStart: run.coldStart,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      outcome: settlement.outcome,
      ...(settlement.error !== undefined && { error: settlement.error }),
      records: settlement.messages,
    });
  }

  private async delete(records: readonly SQSRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += SQS_BATCH_LIMIT) {
      const chunk = records.slice(start, start + SQS_BATCH_LIMIT);
      try {
        const { Failed } = await this.deps.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.trigger.queue.url,
            Entries: chunk.map((record, index) => ({
              Id: String(index),
              ReceiptHandle: record.receiptHandle,
            })),
          }),
        );
        // An undeleted message is delivered again: at-least-once, as with Lambda.
        if (Failed && Failed.length > 0)
          this.deps.warn(`${Failed.length} deletes from ${this.trigger.queue.name} failed`, Failed);
      } catch (error) {
        this.deps.warn(`deleting from ${this.trigger.queue.name} failed`, error);
      }
    }
  }
}
