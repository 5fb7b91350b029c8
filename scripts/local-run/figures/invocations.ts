/**
 * Figures derived from the local runtime's invocation records: per function (invocations, cold
 * starts, errors, retries, durations) and the transfer's lag and throughput.
 */
import type { InvocationRecord } from '../../local-platform/lambda-runtime';
import type { FunctionFigures } from '../report/figures';

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const ascending = (a: number, b: number): number => a - b;

export function functionFigures(
  functionNames: readonly string[],
  invocations: readonly InvocationRecord[],
): FunctionFigures[] {
  return functionNames.map((functionName) => {
    const own = invocations.filter((record) => record.functionName === functionName);
    const durations = own.map((record) => record.endedAt - record.startedAt).sort(ascending);
    return {
      functionName,
      invocations: own.length,
      coldStarts: own.filter((record) => record.coldStart).length,
      errors: own.filter((record) => record.outcome === 'error' || record.outcome === 'timeout')
        .length,
      partialBatches: own.filter((record) => record.outcome === 'partial').length,
      timeouts: own.filter((record) => record.outcome === 'timeout').length,
      retries: own.filter(isRetry).length,
      p50Ms: Math.round(percentile(durations, 0.5)),
      maxMs: Math.round(durations.at(-1) ?? 0),
    };
  });
}

/** An async retry, or an SQS batch holding a message delivered before. */
function isRetry(record: InvocationRecord): boolean {
  if (record.attempt > 1) return true;
  return (record.records ?? []).some((item) => item.receiveCount > 1);
}

export interface TransferTiming {
  /** Lag of each message handled successfully, in completion order. */
  readonly lags: readonly { readonly completedAt: number; readonly lagMs: number }[];
  /** Milliseconds during which at least one transfer invocation was running. */
  readonly busyMs: number;
}

/**
 * Lag = from the event reaching the transfer queue (SQS SentTimestamp) to the end of the
 * invocation that mirrored it. Busy time is the union of invocation intervals, so idle gaps
 * between batches do not dilute the throughput.
 */
export function transferTiming(
  functionName: string,
  invocations: readonly InvocationRecord[],
): TransferTiming {
  const own = invocations.filter((record) => record.functionName === functionName);
  const lags = own
    .flatMap((record) =>
      (record.records ?? [])
        .filter(
          (item) => !item.failed && record.outcome !== 'error' && record.outcome !== 'timeout',
        )
        .map((item) => ({
          completedAt: record.endedAt,
          lagMs: record.endedAt - item.sentTimestamp,
        })),
    )
    .sort((a, b) => a.completedAt - b.completedAt);
  const intervals = own
    .map((record) => [record.startedAt, record.endedAt] as const)
    .sort((a, b) => a[0] - b[0]);
  let busyMs = 0;
  let [currentStart, currentEnd] = [Number.NaN, Number.NaN];
  for (const [start, end] of intervals) {
    if (Number.isNaN(currentStart) || start > currentEnd) {
      if (!Number.isNaN(currentStart)) busyMs += currentEnd - currentStart;
      [currentStart, currentEnd] = [start, end];
    } else currentEnd = Math.max(currentEnd, end);
  }
  if (!Number.isNaN(currentStart)) busyMs += currentEnd - currentStart;
  return { lags, busyMs };
}
