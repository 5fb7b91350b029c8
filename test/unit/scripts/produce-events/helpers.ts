import type { Clock, MessageSink } from '../../../../scripts/produce-events/producer-loop';
import type { OutgoingMessage } from '../../../../scripts/produce-events/event-source';

/** A clock that only moves when the loop sleeps (or a test advances it). */
export class ManualClock implements Clock {
  sleeps: number[] = [];
  constructor(public time = Date.UTC(2024, 4, 6, 20, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (!signal.aborted) this.time += ms;
    return Promise.resolve();
  }
}

/** Records every batch it is given; can be told to fail. */
export class FakeSink implements MessageSink {
  readonly batches: OutgoingMessage[][] = [];
  failWith?: Error;
  send(batch: readonly OutgoingMessage[]): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.batches.push([...batch]);
    return Promise.resolve();
  }
  get messages(): OutgoingMessage[] {
    return this.batches.flat();
  }
}
