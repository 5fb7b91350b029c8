/**
 * Asynchronous invocation, locally: EventBridge rules target the function's inbox queue (a stand
 * in for Lambda's internal event queue). Each event is invoked, retried `retryAttempts` times
 * after short delays, dropped once older than `maxEventAgeSeconds`, and on giving up sent as an
 * invocation record to the on-failure destination. An invocation that succeeds is put on the
 * on-success destination's bus, when the function has one. The inbox message stays hidden while
 * it is handled and is deleted at the end either way.
 */
import { randomUUID } from 'node:crypto';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { FunctionTrigger } from '../deployment';
import { failureRecord, retryDelayMs, type FailureCondition } from './async-failure';
import { successEntry, type SuccessRecordInput } from './async-success';
import type { FunctionInstances } from './function-instances';
import {
  QueuePoller,
  RECEIVE_ERROR_BACKOFF_MS,
  RECEIVE_WAIT_SECONDS,
  sleep,
  type TriggerDependencies,
} from './polling';
import type { FunctionError } from './types';

type AsyncTrigger = Extract<FunctionTrigger, { kind: 'async' }>;

/** Attempts at putting an on-success record on its bus, and the first wait between them. */
const SUCCESS_DELIVERY_ATTEMPTS = 3;
const SUCCESS_DELIVERY_RETRY_MS = 100;

export interface AsyncInvokerOptions {
  readonly retryDelaysMs: readonly number[];
  readonly functionArn: string;
  /** Puts the on-success records on their bus. */
  readonly events: EventBridgeClient;
}

export class AsyncInvoker extends QueuePoller {
  private eventsInHand = 0;
  private retriesWaiting = 0;

  constructor(
    private readonly instances: FunctionInstances,
    private readonly trigger: AsyncTrigger,
    private readonly options: AsyncInvokerOptions,
    private readonly deps: TriggerDependencies,
  ) {
    super(instances.concurrency);
  }

  get busy(): number {
    return this.eventsInHand;
  }

  get pendingRetries(): number {
    return this.retriesWaiting;
  }

  /** Long enough to hide an event through every attempt and delay, so it is never doubled. */
  private holdSeconds(): number {
    const attempts = this.trigger.retryAttempts + 1;
    const delays = Array.from({ length: this.trigger.retryAttempts }, (_, index) =>
      retryDelayMs(this.options.retryDelaysMs, index + 1),
    ).reduce((sum, delay) => sum + delay, 0);
    return Math.ceil(attempts * (this.instances.spec.timeoutSeconds + 15) + delays / 1000);
  }

  protected async poll(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      await this.gate.whenOpen(signal);
      if (signal.aborted) return;
      let message: Message | undefined;
      try {
        const { Messages } = await this.deps.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.trigger.inbox.url,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: RECEIVE_WAIT_SECONDS,
            VisibilityTimeout: Math.min(43_200, this.holdSeconds()),
            MessageSystemAttributeNames: ['SentTimestamp'],
          }),
        );
        message = Messages?.[0];
      } catch (error) {
        this.deps.warn(`receiving from ${this.trigger.inbox.name} failed`, error);
        await sleep(RECEIVE_ERROR_BACKOFF_MS, signal);
        continue;
      }
      if (!message) continue;
      this.eventsInHand += 1;
      try {
        await this.handle(message, signal);
      } finally {
        this.eventsInHand -= 1;
      }
    }
  }

  private async handle(message: Message, signal: AbortSignal): Promise<void> {
    const event = parseEvent(message.Body ?? '');
    const queuedAt = Number(message.Attributes?.SentTimestamp ?? Date.now());
    const requestId = randomUUID();
    const maxAgeMs = this.trigger.maxEventAgeSeconds * 1000;
    let lastError: FunctionError | undefined;
    let condition: FailureCondition = 'RetriesExhausted';
    let invokeCount = 0;
    for (let attempt = 1; attempt <= this.trigger.retryAttempts + 1; attempt += 1) {
      if (attempt > 1) {
        this.retriesWaiting += 1;
        await sleep(retryDelayMs(this.options.retryDelaysMs, attempt - 1), signal);
        this.retriesWaiting -= 1;
        // Stopping mid-retry leaves the event hidden in the inbox: it returns, as Lambda's would.
        if (signal.aborted) return;
      }
      if (Date.now() - queuedAt > maxAgeMs) {
        condition = 'EventAgeExceeded';
        break;
      }
      const run = await this.instances.run(event, requestId);
      invokeCount = attempt;
      const failed = run.result.kind !== 'success';
      this.deps.record({
        functionName: this.instances.spec.functionName,
        requestId,
        trigger: 'async',
        attempt,
        coldStart: run.coldStart,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        outcome: run.result.kind,
        ...(failed && { error: `${run.result.error.errorType}: ${run.result.error.errorMessage}` }),
      });
      if (run.result.kind === 'success') {
        await this.announceSuccess({
          requestId,
          functionArn: this.options.functionArn,
          invokeCount,
          event,
          response: run.result.payload,
          now: new Date(),
        });
        return this.remove(message);
      }
      lastError = run.result.error;
    }
    await this.deadLetter(message, {
      requestId,
      functionArn: this.options.functionArn,
      condition,
      invokeCount,
      event,
      lastError,
      now: new Date(),
    });
  }

  /**
   * Tried a few times. Lambda does not invoke again when delivery fails for good (it counts
   * `DestinationDeliveryFailures`, which the ELT's alarm watches); locally the failure is logged.
   */
  private async announceSuccess(input: SuccessRecordInput): Promise<void> {
    const busArn = this.trigger.onSuccessBusArn;
    if (busArn === undefined) return;
    let failure: unknown;
    for (let attempt = 0; attempt < SUCCESS_DELIVERY_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await sleep(SUCCESS_DELIVERY_RETRY_MS * attempt, this.stopping.signal);
      try {
        const { FailedEntryCount = 0, Entries = [] } = await this.options.events.send(
          new PutEventsCommand({ Entries: [successEntry(input, busArn)] }),
        );
        if (FailedEntryCount === 0) return;
        failure = new Error(Entries[0]?.ErrorMessage ?? 'no reason given');
      } catch (error) {
        failure = error;
      }
    }
    this.deps.warn(`putting the on-success record on ${busArn} failed`, failure);
  }

  private async deadLetter(
    message: Message,
    input: Parameters<typeof failureRecord>[0],
  ): Promise<void> {
    try {
      await this.deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.trigger.deadLetterQueue.url,
          MessageBody: JSON.stringify(failureRecord(input)),
        }),
      );
    } catch (error) {
      // Not deleted either: the event comes back after its hold and is tried again.
      this.deps.warn(`sending to ${this.trigger.deadLetterQueue.name} failed`, error);
      return;
    }
    await this.remove(message);
  }

  private async remove(message: Message): Promise<void> {
    try {
      await this.deps.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: this.trigger.inbox.url,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    } catch (error) {
      this.deps.warn(`deleting from ${this.trigger.inbox.name} failed`, error);
    }
  }
}

/** EventBridge delivers the event as JSON; anything else is passed on as the string it is. */
function parseEvent(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
