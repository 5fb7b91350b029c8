/**
 * The producer loop: take a token, make a record, add it to the batch, send the batch when it is
 * full or has waited long enough. Sends are awaited one at a time, so batches reach the sink in
 * the order they were made, which per-key ordering on Kafka relies on. On stop (a signal, the
 * count, the duration) it stops generating and sends what is buffered before returning. The sink
 * and the clock are injected, so the loop runs in tests without Kafka and without waiting.
 */
import type { EventSource, OutgoingMessage } from './event-source';

/** Where batches go: Kafka, or stdout for `--dry-run`. */
export interface MessageSink {
  /** Resolves once every message of the batch is acknowledged. */
  send(batch: readonly OutgoingMessage[]): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms`, or less if `signal` aborts first; never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface RateLimiter {
  tryTake(): boolean;
  msUntilNextToken(): number;
}

export type StopReason = 'count' | 'duration' | 'signal';

export interface ProducerLoopOptions {
  readonly source: EventSource;
  readonly sink: MessageSink;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM: finish the batch in hand and return. */
  readonly stop: AbortSignal;
  /** Delivered messages per topic, updated as batches are acknowledged (kept on failure too). */
  readonly delivered: Map<string, number>;
  /** @default undefined (no limit) */
  readonly maxRecords?: number;
  /** @default undefined (no limit) */
  readonly durationMs?: number;
  /** Messages per send. @default 500 */
  readonly batchSize?: number;
  /** Longest a message waits in the batch before it is sent. @default 200 */
  readonly lingerMs?: number;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_LINGER_MS = 200;

export async function runProducerLoop(options: ProducerLoopOptions): Promise<StopReason> {
  const { source, sink, limiter, clock, stop, delivered } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const deadline = clock.now() + (options.durationMs ?? Number.POSITIVE_INFINITY);

  let batch: OutgoingMessage[] = [];
  let batchStartedAt = 0;
  let generated = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    await sink.send(sending);
    for (const message of sending) {
      delivered.set(message.topic, (delivered.get(message.topic) ?? 0) + 1);
    }
  };
  const lingered = () => batch.length > 0 && clock.now() - batchStartedAt >= lingerMs;

  const stopReason = (): StopReason | undefined => {
    if (stop.aborted) return 'signal';
    if (generated >= maxRecords) return 'count';
    if (clock.now() >= deadline) return 'duration';
    return undefined;
  };

  let reason = stopReason();
  while (reason === undefined) {
    const wait = limiter.msUntilNextToken();
    if (wait > 0) {
      const now = clock.now();
      const untilFlush =
        batch.length > 0 ? batchStartedAt + lingerMs - now : Number.POSITIVE_INFINITY;
      await clock.sleep(Math.max(0, Math.min(wait, untilFlush, deadline - now)), stop);
      if (lingered()) await flush();
    } else if (limiter.tryTake()) {
      if (batch.length === 0) batchStartedAt = clock.now();
      batch.push(source.next(new Date(clock.now())));
      generated += 1;
      if (batch.length >= batchSize || lingered()) await flush();
    }
    reason = stopReason();
  }
  await flush();
  return reason;
}

/** The real clock; `sleep` resolves early when the run is stopped. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * `clock` read `offsetMs` later; it sleeps as `clock` does. A producer whose clock runs ahead
 * stamps its records, and places a burst, by the time it reads: the traffic monitor tolerates
 * that up to its future tolerance, as it does a real producer's skew.
 */
export function offsetClock(clock: Clock, offsetMs: number): Clock {
  return offsetMs === 0
    ? clock
    : { now: () => clock.now() + offsetMs, sleep: (ms, signal) => clock.sleep(ms, signal) };
}
