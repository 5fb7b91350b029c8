/** What the trigger loops share: receive timing, the pause switch and the poller lifecycle. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { InvocationRecord } from './types';

/**
 * Locally every receive waits at most one second: a long poll cannot be abandoned without
 * stranding what it receives (the server still hides the messages), so short waits keep pause
 * and stop prompt without losing messages.
 */
export const RECEIVE_WAIT_SECONDS = 1;

/** After a failed receive (a queue being recreated, an injected fault): wait, then poll again. */
export const RECEIVE_ERROR_BACKOFF_MS = 500;

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/** A switch loops wait on while their trigger is disabled. */
export class Gate {
  private open = true;
  private waiters: (() => void)[] = [];

  get isOpen(): boolean {
    return this.open;
  }

  close(): void {
    this.open = false;
  }

  reopen(): void {
    this.open = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when the gate is open (or `signal` aborts). */
  async whenOpen(signal: AbortSignal): Promise<void> {
    while (!this.open && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake);
      });
    }
  }
}

export interface TriggerDependencies {
  readonly sqs: SQSClient;
  readonly record: (invocation: InvocationRecord) => void;
  readonly warn: (message: string, error: unknown) => void;
}

/**
 * A trigger that polls a queue with `concurrency` loops (one per container the function may run
 * at once), can be disabled and enabled like an event source mapping, and stops by abort.
 */
export abstract class QueuePoller {
  protected readonly gate = new Gate();
  protected readonly stopping = new AbortController();
  private pollers: Promise<void>[] = [];

  constructor(private readonly concurrency: number) {}

  start(): void {
    for (let index = 0; index < this.concurrency; index += 1) this.pollers.push(this.poll());
  }

  pause(): void {
    this.gate.close();
  }

  resume(): void {
    this.gate.reopen();
  }

  get enabled(): boolean {
    return this.gate.isOpen;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.pollers);
  }

  /** One poller's loop; returns once `stopping` aborts. */
  protected abstract poll(): Promise<void>;
}
