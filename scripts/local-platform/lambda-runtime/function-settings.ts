/** Settings of the local Lambda service that are decisions, not deployment facts. */
import type { LocalFunctionSpec } from '../deployment';

/** Lambda retries a failed async event after about one and then two minutes; locally, seconds. */
export const DEFAULT_ASYNC_RETRY_DELAYS_MS: readonly number[] = [1000, 2000];

/** Containers per function when nothing caps it: the machines this runs on have two cores. */
export const DEFAULT_CONCURRENCY = 2;

/** How often the dead-letter alarms are evaluated while the service runs (CloudWatch: a minute). */
export const ALARM_EVALUATION_INTERVAL_MS = 1000;

/**
 * How many invocations of a function may run at once: the reserved concurrency caps the
 * function, an SQS mapping's maximum concurrency caps its pollers; the smaller wins. Without
 * either, `localContainers` when the local run names a count for the function, otherwise
 * `DEFAULT_CONCURRENCY`. `localContainers` is a local-only knob (Lambda scales an uncapped
 * function out by itself): it never raises a function past a cap the deployment sets.
 */
export function functionConcurrency(spec: LocalFunctionSpec, localContainers?: number): number {
  const caps = [
    spec.reservedConcurrency,
    spec.trigger.kind === 'sqs' ? spec.trigger.maxConcurrency : undefined,
  ].filter((cap): cap is number => cap !== undefined);
  const uncapped = localContainers ?? DEFAULT_CONCURRENCY;
  return caps.length === 0 ? Math.max(1, uncapped) : Math.max(1, Math.min(...caps));
}
