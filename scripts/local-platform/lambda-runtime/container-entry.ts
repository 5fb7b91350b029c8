/**
 * The program a container runs (`node container-entry.js <bundled handler>`, both bundled by
 * function-bundle.ts): it imports the handler module once — the cold start, module scope runs here — then serves
 * invocations from the parent one at a time, like a Lambda execution environment.
 */
import type { Context } from 'aws-lambda';
import { functionErrorOf, type ContainerMessage, type InvokeMessage } from './container-protocol';
import { createInvocationContext } from './invocation-context';

type Handler = (event: unknown, context: Context, callback: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

function send(message: ContainerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

function env(name: string): string {
  return process.env[name] ?? '';
}

async function loadHandler(modulePath: string): Promise<Handler> {
  const loaded = (await import(modulePath)) as {
    handler?: unknown;
    default?: { handler?: unknown };
  };
  const handler = loaded.handler ?? loaded.default?.handler;
  if (typeof handler !== 'function') {
    const error = new Error(`${modulePath} does not export a function named handler`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler as Handler;
}

function serve(handler: Handler): void {
  process.on('message', (message: InvokeMessage) => {
    if (message.type === 'invoke') invoke(handler, message);
  });
}

function invoke(handler: Handler, message: InvokeMessage): void {
  let settled = false;
  const settle: Callback = (error, result) => {
    if (settled) return;
    settled = true;
    if (error !== undefined && error !== null) {
      void send({ type: 'result', requestId: message.requestId, error: functionErrorOf(error) });
      return;
    }
    try {
      const payload = JSON.stringify(result ?? null);
      void send({ type: 'result', requestId: message.requestId, payload });
    } catch (cause) {
      const marshal = functionErrorOf(cause);
      void send({
        type: 'result',
        requestId: message.requestId,
        error: { ...marshal, errorType: 'Runtime.MarshalError' },
      });
    }
  };
  const context = createInvocationContext({
    awsRequestId: message.requestId,
    functionName: env('AWS_LAMBDA_FUNCTION_NAME'),
    invokedFunctionArn: message.invokedFunctionArn,
    memoryMiB: env('AWS_LAMBDA_FUNCTION_MEMORY_SIZE'),
    logGroupName: env('AWS_LAMBDA_LOG_GROUP_NAME'),
    logStreamName: env('AWS_LAMBDA_LOG_STREAM_NAME'),
    deadlineMs: message.deadlineMs,
    settle,
  });
  try {
    const returned = handler(JSON.parse(message.event) as unknown, context, settle);
    if (
      returned instanceof Promise ||
      (typeof returned === 'object' && returned !== null && 'then' in returned)
    )
      (returned as Promise<unknown>).then(
        (result) => settle(undefined, result),
        (error: unknown) => settle(error ?? new Error('Handler rejected without a reason')),
      );
    // A synchronous handler that takes no callback ends when it returns.
    else if (handler.length < 3) settle(undefined, returned);
  } catch (error) {
    settle(error);
  }
}

async function main(): Promise<void> {
  const modulePath = process.argv[2];
  // Lambda's containers die with their service; an orphan here would hold ports and files.
  process.on('disconnect', () => process.exit(0));
  const started = performance.now();
  try {
    if (modulePath === undefined) throw new Error('No handler module given');
    const handler = await loadHandler(modulePath);
    serve(handler);
    await send({ type: 'ready', initDurationMs: performance.now() - started });
  } catch (error) {
    // Lambda logs a failed init to the function's log as well as returning it.
    console.error('INIT_REPORT Init failed', error);
    await send({ type: 'init-error', error: functionErrorOf(error) });
    process.exit(1);
  }
}

void main();
