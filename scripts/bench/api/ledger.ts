/**
 * What the bench client sent and what the API answered, per Idempotency-Key, and the comparison
 * with what Kafka holds in the end. Pure (the clock is passed in), so the bookkeeping that decides
 * "lost" and "duplicated" is unit-tested.
 */
import { backoffMs, verdictOf, type Backoff, BACKOFF } from './retry';

/** In a record's answers: a request sent whose answer was never read (the load ended first). */
export const NO_ANSWER = 0;

/** One record's request, signed once: every retry sends these exact bytes again. */
export interface SignedRequest {
  readonly key: string;
  /** The record's id (`transaction_id`), as the 202 answer lists it. */
  readonly id: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Submission {
  readonly request: SignedRequest;
  /** Every answer, in order. */
  readonly statuses: number[];
  /** Not sent again before this time (ms). */
  notBefore: number;
  state: 'in-flight' | 'waiting' | 'accepted' | 'refused';
}

/**
 * The client's requests: a due retry goes before a fresh record, so a record waits no longer
 * than its backoff once a connection is free.
 */
export class Ledger {
  private readonly all = new Map<string, Submission>();
  private readonly waiting: Submission[] = [];
  /** Set once the load has ended: the drain resends what is left, the queue is not used. */
  private draining = false;

  constructor(
    private readonly fresh: () => SignedRequest,
    private readonly backoff: Backoff = BACKOFF,
  ) {}

  /** The request to send now. */
  next(now: number): Submission {
    const due = this.waiting.findIndex((submission) => submission.notBefore <= now);
    if (due !== -1) {
      const [submission] = this.waiting.splice(due, 1);
      submission!.state = 'in-flight';
      return submission!;
    }
    const request = this.fresh();
    if (this.all.has(request.key)) throw new Error(`Idempotency-Key ${request.key} used twice`);
    const submission: Submission = { request, statuses: [], notBefore: now, state: 'in-flight' };
    this.all.set(request.key, submission);
    return submission;
  }

  /** Records an answer; a retryable one puts the submission back, due after its backoff. */
  answered(submission: Submission, status: number, now: number): void {
    submission.statuses.push(status);
    const verdict = verdictOf(status);
    if (verdict === 'accepted') submission.state = 'accepted';
    else if (verdict === 'final') submission.state = 'refused';
    else this.retryLater(submission, now);
  }

  /** A request whose answer never came (the connection was lost): sent again like a 5xx. */
  unanswered(submission: Submission, now: number): void {
    this.retryLater(submission, now);
  }

  /**
   * Ends the load: the requests not finished (in flight, or waiting for a retry), for the drain
   * to send again until they are; from now on a retryable answer only sets the backoff.
   */
  takeUnfinished(): Submission[] {
    this.draining = true;
    this.waiting.length = 0;
    const unfinished = [...this.all.values()].filter(
      (submission) => submission.state === 'in-flight' || submission.state === 'waiting',
    );
    // A request left in flight was sent and its answer will never be read: its record shows it.
    for (const submission of unfinished)
      if (submission.state === 'in-flight') submission.statuses.push(NO_ANSWER);
    return unfinished;
  }

  submissions(): IterableIterator<Submission> {
    return this.all.values();
  }

  private retryLater(submission: Submission, now: number): void {
    submission.state = 'waiting';
    submission.notBefore = now + backoffMs(submission.statuses.length, this.backoff);
    if (!this.draining) this.waiting.push(submission);
  }
}

export interface Delivery {
  /** Distinct records the API acknowledged (202). */
  readonly acknowledged: number;
  /** Records read back from Kafka. */
  readonly stored: number;
  /** Acknowledged, and not in Kafka. */
  readonly lost: readonly string[];
  /** In Kafka more than once, with the number of copies. */
  readonly duplicated: ReadonlyMap<string, number>;
  /** In Kafka, never acknowledged (a request the client gave up on, or an id never sent). */
  readonly unacknowledged: readonly string[];
}

/** Compares the acknowledged ids with every id read back from the topics. */
export function compareDelivery(
  acknowledged: Iterable<string>,
  stored: Iterable<string>,
): Delivery {
  const copies = new Map<string, number>();
  let storedCount = 0;
  for (const id of stored) {
    copies.set(id, (copies.get(id) ?? 0) + 1);
    storedCount += 1;
  }
  const acked = new Set(acknowledged);
  return {
    acknowledged: acked.size,
    stored: storedCount,
    lost: [...acked].filter((id) => !copies.has(id)),
    duplicated: new Map([...copies].filter(([, count]) => count > 1)),
    unacknowledged: [...copies.keys()].filter((id) => !acked.has(id)),
  };
}
