/**
 * Fault injection for tests: make the next N calls of one operation fail with a given error,
 * stall, or lose their connection, before they take effect or after, so retries, back-off,
 * throttling, timeouts and duplicate suppression can be exercised against the real protocol
 * instead of mocks. Each endpoint applies the faults in its protocol's terms: AWS and Azure as
 * HTTP errors, Kafka as the error codes of its responses (kafka/faults.ts).
 */
import { AwsError } from './aws-error';

/** Where a fault strikes: in place of the call, or once it took effect, in place of its answer. */
export type FaultTiming = 'before' | 'after';

export interface FaultSpec {
  /** Service key as in `cloud.services` (`s3`, `glue`, `sqs`, …), or `azure`, or `kafka`. */
  readonly service: string;
  /**
   * Operation name as the service spells it: AWS's (`PutObject`, `BatchCreatePartition`,
   * `Publish`), Azure's REST operation (`PutBlockFromURL`), Kafka's API (`Produce`, `Fetch`,
   * `Metadata`).
   */
  readonly operation: string;
  /** How many matching calls are affected. @default 1 */
  readonly times?: number;
  /**
   * The error answered instead of the real answer. AWS and Azure: any code, with its HTTP
   * status. Kafka: the name Kafka gives the error (`NOT_ENOUGH_REPLICAS`, `REQUEST_TIMED_OUT`),
   * answered in the API's own response on every partition the request names, with `message`
   * where the response has a field for one (FindCoordinator, SaslAuthenticate); an unknown name,
   * or a `status`, is refused by `inject`.
   * @default none (the call only stalls)
   */
  readonly error?: { readonly code: string; readonly message?: string; readonly status?: number };
  /** Delay before answering, in ms (a slow or hanging dependency). @default 0 */
  readonly delayMs?: number;
  /** Close the connection without answering, as a crashed or partitioned server would. @default false */
  readonly dropConnection?: boolean;
  /**
   * When the fault strikes. `before`: instead of the call, which has no effect. `after`: once
   * the call took effect (the object is written, the Kafka batch appended), instead of its
   * answer, which is lost (`dropConnection`), replaced by `error`, or late (`delayMs`): the
   * client cannot tell the work was done, and must retry without doing it twice. An
   * `after` fault matches only calls that were handled: an AWS or Azure call that failed by
   * itself leaves it for the next one; a Kafka request is always handled (its errors are part
   * of its answer).
   * @default 'before'
   */
  readonly when?: FaultTiming;
  /**
   * Kafka only: match only the requests that name this topic (Produce, Fetch, ListOffsets,
   * Metadata, OffsetCommit, OffsetFetch; a Metadata or OffsetFetch for every topic names them
   * all). The whole request is affected, its other topics too.
   * @default every request of the operation
   */
  readonly topic?: string;
}

/** A call a fault affected, for assertions. */
export interface TriggeredFault {
  readonly service: string;
  readonly operation: string;
  /** Set for a fault that struck after the call took effect. */
  readonly when?: 'after';
  /** The topic the fault was aimed at, when it was. */
  readonly topic?: string;
}

/** What `take` is asked about: one call, at one of the two moments a fault may strike. */
export interface FaultCall {
  readonly service: string;
  readonly operation: string;
  readonly when: FaultTiming;
  /** The topics the call names; asked only when a fault aimed at a topic could match. */
  readonly topics?: () => readonly string[];
}

/** Refuses specs one service cannot apply (Kafka: an error name Kafka does not define). */
export type FaultRule = (spec: FaultSpec) => void;

/** A fault spec that cannot be applied: `inject` refuses it instead of letting it never match. */
export class InvalidFaultError extends Error {
  override readonly name = 'InvalidFaultError';
}

/** Thrown by `apply` for a dropConnection fault; servers destroy the socket instead of answering. */
export class ConnectionDropped extends Error {
  override readonly name = 'ConnectionDropped';
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultInjector {
  private readonly faults: ActiveFault[] = [];
  /** Calls each fault has affected, for assertions. */
  readonly triggered: TriggeredFault[] = [];

  /** `rules` check the specs of the services that have their own (by service key). */
  constructor(private readonly rules: Readonly<Record<string, FaultRule>> = {}) {}

  /** @throws InvalidFaultError when the spec cannot be applied as written */
  inject(spec: FaultSpec): void {
    if (spec.when !== undefined && spec.when !== 'before' && spec.when !== 'after')
      throw new InvalidFaultError(`when must be 'before' or 'after', not '${String(spec.when)}'`);
    if (spec.topic !== undefined && spec.service !== 'kafka')
      throw new InvalidFaultError(
        `topic filters Kafka requests only; ${spec.service} calls name no topic`,
      );
    const rule = Object.hasOwn(this.rules, spec.service) ? this.rules[spec.service] : undefined;
    rule?.(spec);
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
    this.triggered.length = 0;
  }

  /**
   * The first fault matching this call, if any, counted as having struck it: the caller then
   * applies it (waits, drops the connection or answers the error) in its protocol's terms.
   */
  take(call: FaultCall): FaultSpec | undefined {
    let topics: readonly string[] | undefined;
    const named = (topic: string) => (topics ??= call.topics?.() ?? []).includes(topic);
    const fault = this.faults.find(
      (candidate) =>
        candidate.service === call.service &&
        candidate.operation === call.operation &&
        (candidate.when ?? 'before') === call.when &&
        candidate.remaining > 0 &&
        (candidate.topic === undefined || named(candidate.topic)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.triggered.push({
      service: call.service,
      operation: call.operation,
      ...(call.when === 'after' && { when: call.when }),
      ...(fault.topic !== undefined && { topic: fault.topic }),
    });
    return fault;
  }

  /**
   * Applies the first fault matching this HTTP call, if any: waits, then drops the connection
   * or throws its error. Called before the call is handled, and again after it was.
   */
  async apply(
    service: string,
    operation: string | undefined,
    when: FaultTiming = 'before',
  ): Promise<void> {
    if (operation === undefined) return;
    const fault = this.take({ service, operation, when });
    if (!fault) return;
    await stall(fault);
    if (fault.dropConnection) throw new ConnectionDropped(`${service} ${operation}`);
    if (fault.error) {
      throw new AwsError(
        fault.error.code,
        fault.error.message ?? `Injected ${fault.error.code}`,
        fault.error.status ?? 400,
      );
    }
  }
}

/** Waits for the fault's delay, if it has one. */
export async function stall(fault: FaultSpec): Promise<void> {
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
}
