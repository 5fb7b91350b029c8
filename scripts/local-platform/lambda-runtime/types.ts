/**
 * The local Lambda service's public shapes: what the orchestrator invokes, and the record kept of
 * every invocation (lag, retries and cold starts of the run's report are computed from these).
 */

export type InvocationTrigger = 'sqs' | 'async' | 'direct' | 'kafka';

export type InvocationOutcome = 'success' | 'partial' | 'error' | 'timeout';

/** One SQS message of a batch, as the invocation saw it. */
export interface InvokedMessage {
  readonly messageId: string;
  /** When the message was sent to the queue (epoch ms, `SentTimestamp`). */
  readonly sentTimestamp: number;
  readonly receiveCount: number;
  /** Reported in `batchItemFailures`, or the whole batch failed. */
  readonly failed: boolean;
}

/** One invocation (one attempt: an async retry is a record of its own). */
export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly trigger: InvocationTrigger;
  /** 1 for the first attempt; async retries count up, SQS redeliveries show in `receiveCount`. */
  readonly attempt: number;
  /** The container was started (module scope ran) for this invocation. */
  readonly coldStart: boolean;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms. */
  readonly endedAt: number;
  readonly outcome: InvocationOutcome;
  /** `errorType: errorMessage` of a failed invocation. */
  readonly error?: string;
  /** SQS invocations only. */
  readonly records?: readonly InvokedMessage[];
  /** Kafka invocations only: records in the event. */
  readonly kafkaRecords?: number;
}

/** The error a function invocation returns, as Lambda's Invoke API reports it. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** A RequestResponse invocation's result: the handler's JSON-serialised return, or its error. */
export interface InvocationResult {
  readonly requestId: string;
  readonly payload?: unknown;
  readonly error?: FunctionError;
}

export interface LocalFunctionsOptions {
  /** Each function's stdout and stderr are appended to `<logDirectory>/<functionName>.log`. */
  readonly logDirectory: string;
  /**
   * Delays before each retry of a failed asynchronous invocation. Lambda waits about one, then
   * two minutes; locally the run must finish in minutes.
   * @default [1000, 2000]
   */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** How long a warm container may idle before it is stopped. @default IDLE_RECLAIM_MS (10 s) */
  readonly idleReclaimMs?: number;
  /**
   * Local only, by function name: how many containers a function without a deployed cap
   * (reserved concurrency, an SQS mapping's maximum concurrency) may run at once, instead of
   * `DEFAULT_CONCURRENCY` (2). Lambda scales such a function out on demand; locally the count
   * is a choice for the machine, so it is never part of a function's spec, which is checked
   * against the CDK template. A deployed cap always wins.
   */
  readonly localConcurrency?: Readonly<Record<string, number>>;
}

export interface LocalFunctions {
  /** Invokes a function synchronously (RequestResponse), e.g. a custom resource's handler. */
  invoke(functionName: string, event: unknown): Promise<InvocationResult>;
  /** Disables the function's trigger (event source mapping or async inbox); running work ends. */
  pause(functionName: string): void;
  resume(functionName: string): void;
  /**
   * Resolves once every enabled trigger queue is empty (visible and in flight), nothing runs,
   * no async retry waits and every dead-letter alarm has been evaluated; rejects with
   * `LocalFunctionsBusyError` after `timeoutMs` naming what is still busy.
   */
  idle(options?: { readonly timeoutMs?: number }): Promise<void>;
  invocations(): readonly InvocationRecord[];
  /** The invocations after the first `count` (a reader that keeps its place copies only those). */
  invocationsSince(count: number): readonly InvocationRecord[];
  /** Stops the triggers, waits for running invocations and ends every container. */
  stop(): Promise<void>;
}
