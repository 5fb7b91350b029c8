/**
 * The execution environments of one function: at most `concurrency` containers run at once;
 * an idle warm container is reused, otherwise a new one cold-starts. A container that timed out
 * or crashed is discarded, so the next invocation cold-starts a fresh one, as in Lambda.
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import type { LocalFunctionSpec } from '../deployment';
import { Container, ContainerInitError, type ContainerOutcome } from './container';
import {
  containerEnvironment,
  newLogStreamName,
  type ContainerIdentity,
} from './lambda-environment';

export interface FunctionInstancesOptions {
  readonly identity: ContainerIdentity;
  readonly cloudEnv: Readonly<Record<string, string>>;
  readonly taskRoot: string;
  readonly logFd: number;
  readonly concurrency: number;
  readonly invokedFunctionArn: string;
  /**
   * How long a warm container may sit idle before it is stopped, as Lambda reclaims idle
   * execution environments (after minutes there; locally sooner, so a long run does not keep a
   * container per function it ever ran, each 60–170 MiB). @default IDLE_RECLAIM_MS
   */
  readonly idleReclaimMs?: number;
}

/**
 * A warm container unused this long is stopped; the next invocation cold-starts (about 0.5 s,
 * bundled). Longer than the local visibility timeout, so a message redelivered a timeout later
 * still finds its container warm; short enough that the functions of a step that has ended are
 * gone before the next step's heavy work (the Glue job's Python) starts.
 */
export const IDLE_RECLAIM_MS = 10_000;

export interface RunOutcome {
  readonly requestId: string;
  readonly coldStart: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly result: ContainerOutcome;
}

export class FunctionInstances {
  private readonly warm: Container[] = [];
  private readonly reclaimTimers = new Map<Container, NodeJS.Timeout>();
  private readonly all = new Set<Container>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(
    readonly spec: LocalFunctionSpec,
    private readonly options: FunctionInstancesOptions,
  ) {}

  /** Invocations running or waiting for a free slot. */
  get busy(): number {
    return this.active + this.waiting.length;
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  /** Runs the handler once; an async retry passes the request id of its first attempt. */
  async run(event: unknown, requestId: string = randomUUID()): Promise<RunOutcome> {
    await this.acquire();
    try {
      return await this.runInSlot(event, requestId);
    } finally {
      this.release();
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.reclaimTimers.values()) clearTimeout(timer);
    this.reclaimTimers.clear();
    await Promise.all([...this.all].map((container) => container.stop()));
    this.all.clear();
    this.warm.length = 0;
  }

  private async runInSlot(event: unknown, requestId: string): Promise<RunOutcome> {
    const startedAt = Date.now();
    let container = this.warm.pop();
    if (container) this.cancelReclaim(container);
    const coldStart = container === undefined;
    if (!container) {
      try {
        container = await Container.start({
          handlerModule: this.spec.handlerModule,
          environment: containerEnvironment({
            spec: this.spec,
            cloudEnv: this.options.cloudEnv,
            identity: this.options.identity,
            logStreamName: newLogStreamName(new Date()),
            taskRoot: this.options.taskRoot,
            path: process.env.PATH,
          }),
          taskRoot: this.options.taskRoot,
          logFd: this.options.logFd,
          timeoutSeconds: this.spec.timeoutSeconds,
        });
        this.all.add(container);
      } catch (failure) {
        if (!(failure instanceof ContainerInitError)) throw failure;
        const endedAt = Date.now();
        this.platformLog('platform.initReport', {
          initializationType: 'on-demand',
          status: 'error',
        });
        return {
          requestId,
          coldStart,
          startedAt,
          endedAt,
          result: { kind: 'error', error: failure.functionError },
        };
      }
    }
    const invokeStart = Date.now();
    this.platformLog('platform.start', { requestId, version: '$LATEST' });
    const result = await container.invoke({
      requestId,
      event: JSON.stringify(event),
      deadlineMs: invokeStart + this.spec.timeoutSeconds * 1000,
      invokedFunctionArn: this.options.invokedFunctionArn,
    });
    const endedAt = Date.now();
    this.platformLog('platform.report', {
      requestId,
      status: result.kind === 'success' ? 'success' : result.kind,
      metrics: {
        durationMs: endedAt - invokeStart,
        billedDurationMs: Math.ceil(endedAt - invokeStart),
        memorySizeMB: this.spec.memoryMiB,
        ...(coldStart && { initDurationMs: Math.round(container.initDurationMs) }),
      },
    });
    // A handled error keeps the environment; a timeout killed it and a crash ended it.
    if (result.kind !== 'timeout' && container.alive) this.keepWarm(container);
    else this.discard(container);
    return { requestId, coldStart, startedAt, endedAt, result };
  }

  private keepWarm(container: Container): void {
    this.warm.push(container);
    const timer = setTimeout(() => {
      this.reclaimTimers.delete(container);
      const index = this.warm.indexOf(container);
      if (index === -1) return;
      this.warm.splice(index, 1);
      this.all.delete(container);
      void container.stop();
    }, this.options.idleReclaimMs ?? IDLE_RECLAIM_MS);
    // An idle container must not keep the process alive.
    timer.unref();
    this.reclaimTimers.set(container, timer);
  }

  private cancelReclaim(container: Container): void {
    clearTimeout(this.reclaimTimers.get(container));
    this.reclaimTimers.delete(container);
  }

  private discard(container: Container): void {
    this.all.delete(container);
    container.kill();
  }

  /** The service's own lines in the function's log, in Lambda's JSON log format. */
  private platformLog(type: string, record: Record<string, unknown>): void {
    const line = JSON.stringify({ time: new Date().toISOString(), type, record });
    writeSync(this.options.logFd, `${line}\n`);
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active -= 1;
  }
}
