/**
 * One execution environment of a function: a Node child process that imports the bundled
 * handler once (function-bundle.ts) and then runs invocations one at a time. The parent owns the clock: it
 * kills the child when an invocation outlives the function's timeout, as Lambda does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { InvokeMessage } from './container-protocol';
import { isContainerMessage, type ContainerMessage } from './container-protocol';
import { bundledContainerEntry, bundledHandler, FunctionBundleError } from './function-bundle';
import type { FunctionError } from './types';

/**
 * Lambda gives init 10 seconds and, when that is not enough for an on-demand start, retries it
 * within the invocation's own timeout: the effective limit is both together.
 */
const INIT_LIMIT_MS = 10_000;

export interface ContainerOptions {
  readonly handlerModule: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly taskRoot: string;
  /** File descriptor the child's stdout and stderr are appended to. */
  readonly logFd: number;
  readonly timeoutSeconds: number;
}

export type ContainerOutcome =
  | { readonly kind: 'success'; readonly payload: unknown }
  | { readonly kind: 'error'; readonly error: FunctionError }
  | { readonly kind: 'timeout'; readonly error: FunctionError };

/** The handler module could not be imported; the invocation fails with `functionError`. */
export class ContainerInitError extends Error {
  override readonly name = 'ContainerInitError';
  constructor(
    readonly functionError: FunctionError,
    readonly initDurationMs: number,
  ) {
    super(`${functionError.errorType}: ${functionError.errorMessage}`);
  }
}

export function timeoutError(requestId: string, timeoutSeconds: number): FunctionError {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

export class Container {
  private exited = false;
  private listener:
    ((event: ContainerMessage | { type: 'exit'; detail: string }) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: ContainerOptions,
    readonly initDurationMs: number,
  ) {
    child.on('message', (message) => {
      if (isContainerMessage(message)) this.listener?.(message);
    });
    // A send racing the child's death reports here; the exit listener already handles it.
    child.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.listener?.({ type: 'exit', detail: signal ?? `exit status ${code ?? 'unknown'}` });
    });
  }

  /** Starts a child and waits for its cold start; rejects with `ContainerInitError` when init fails. */
  static async start(options: ContainerOptions): Promise<Container> {
    let entry: string;
    let handler: string;
    try {
      // Built once per process, as a deployment builds it: not part of the cold start.
      [entry, handler] = await Promise.all([
        bundledContainerEntry(),
        bundledHandler(options.handlerModule),
      ]);
    } catch (error) {
      if (!(error instanceof FunctionBundleError)) throw error;
      throw new ContainerInitError(
        { errorType: 'Runtime.ImportModuleError', errorMessage: error.message },
        0,
      );
    }
    return Container.fork(entry, handler, options);
  }

  private static fork(
    entry: string,
    handler: string,
    options: ContainerOptions,
  ): Promise<Container> {
    const started = Date.now();
    const child = fork(entry, [handler], {
      cwd: options.taskRoot,
      env: options.environment,
      execArgv: [],
      stdio: ['ignore', options.logFd, options.logFd, 'ipc'],
      serialization: 'json',
    });
    const initLimitMs = INIT_LIMIT_MS + options.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      // These listeners stay attached; once settled they do nothing.
      let settled = false;
      const fail = (error: FunctionError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new ContainerInitError(error, Date.now() - started));
      };
      const timer = setTimeout(
        () =>
          fail({
            errorType: 'Runtime.InitTimeout',
            errorMessage: `Init did not complete within ${initLimitMs / 1000} seconds`,
          }),
        initLimitMs,
      );
      child.on('message', (message) => {
        if (!isContainerMessage(message)) return;
        if (message.type === 'init-error') fail(message.error);
        if (message.type === 'ready' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(new Container(child, options, message.initDurationMs));
        }
      });
      child.on('error', (error) =>
        fail({ errorType: 'Runtime.StartError', errorMessage: error.message }),
      );
      child.on('exit', (code, signal) =>
        fail({
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited during init: ${signal ?? `exit status ${code ?? 'unknown'}`}`,
        }),
      );
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one invocation. A timeout or a crash leaves the container dead: discard it. */
  invoke(message: Omit<InvokeMessage, 'type'>): Promise<ContainerOutcome> {
    return new Promise((resolve) => {
      const finish = (outcome: ContainerOutcome) => {
        clearTimeout(timer);
        this.listener = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(
        () => {
          this.kill();
          finish({
            kind: 'timeout',
            error: timeoutError(message.requestId, this.options.timeoutSeconds),
          });
        },
        Math.max(0, message.deadlineMs - Date.now()),
      );
      this.listener = (event) => {
        if (event.type === 'exit')
          finish({
            kind: 'error',
            error: {
              errorType: 'Runtime.ExitError',
              errorMessage: `RequestId: ${message.requestId} Error: Runtime exited with error: ${event.detail}`,
            },
          });
        else if (event.type === 'result' && event.requestId === message.requestId)
          finish(
            event.error !== undefined
              ? { kind: 'error', error: event.error }
              : { kind: 'success', payload: JSON.parse(event.payload ?? 'null') as unknown },
          );
      };
      if (this.exited) {
        this.listener({ type: 'exit', detail: 'container already stopped' });
        return;
      }
      this.child.send({ type: 'invoke', ...message } satisfies InvokeMessage);
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Ends the container and waits until the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await gone;
  }
}
