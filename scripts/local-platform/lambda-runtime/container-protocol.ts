/**
 * Messages between the local Lambda service and a container (a child process), over Node's IPC
 * channel. Payloads cross as JSON text, as they cross Lambda's runtime API, so a handler's
 * return value is serialised exactly once and the same way.
 */
import type { FunctionError } from './types';

/** Parent → container: run the handler once. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON text. */
  readonly event: string;
  /** Epoch ms by which the invocation must end (`getRemainingTimeInMillis`). */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
}

/** Container → parent: the handler module was imported (module scope ran). */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly initDurationMs: number;
}

/** Container → parent: importing the handler module failed; the container exits. */
export interface InitErrorMessage {
  readonly type: 'init-error';
  readonly error: FunctionError;
}

/** Container → parent: the invocation's result. */
export interface ResultMessage {
  readonly type: 'result';
  readonly requestId: string;
  /** The handler's return value as JSON text (`null` for undefined), or its error. */
  readonly payload?: string;
  readonly error?: FunctionError;
}

export type ContainerMessage = ReadyMessage | InitErrorMessage | ResultMessage;

/** What the Node.js runtime reports for a thrown value: type, message and stack lines. */
export function functionErrorOf(thrown: unknown): FunctionError {
  if (thrown instanceof Error) {
    return {
      errorType: thrown.name,
      errorMessage: thrown.message,
      trace: (thrown.stack ?? '').split('\n').filter((line) => line.trim() !== ''),
    };
  }
  return { errorType: 'Error', errorMessage: String(thrown), trace: [] };
}

export function isContainerMessage(value: unknown): value is ContainerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'init-error' || type === 'result';
}
