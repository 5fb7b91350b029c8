/** Where the platform's functions live, read by the constructs and the local deployment. */
import { join } from 'node:path';

/** The repository root: esbuild resolves the handler's imports and the lock file from here. */
export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

/** `lambdas/<name>/handler.ts`: where every platform function keeps its handler (exporting `handler`). */
export function lambdaHandlerEntry(name: string): string {
  return join(PROJECT_ROOT, 'lambdas', name, 'handler.ts');
}

/**
 * What Lambda puts on an EventBridge bus that is a function's asynchronous-invocation destination
 * (Lambda developer guide, "Retaining records of asynchronous invocations"): the event's source,
 * and the detail type of a successful invocation, whose detail is the invocation record.
 */
export const LAMBDA_DESTINATION_SOURCE = 'lambda';
export const LAMBDA_SUCCESS_DETAIL_TYPE = 'Lambda Function Invocation Result - Success';
