/**
 * Fault injection for tests: make the next N calls of one operation fail with a given AWS
 * error, or stall, so retries, back-off, throttling and timeouts can be exercised against the
 * real protocol instead of mocks.
 */
import { AwsError } from './aws-error';

export interface FaultSpec {
  /** Service key as in `cloud.services` (`s3`, `glue`, `sqs`, …). */
  readonly service: string;
  /** Operation name as AWS spells it (`PutObject`, `BatchCreatePartition`, `Publish`). */
  readonly operation: string;
  /** How many matching calls are affected. @default 1 */
  readonly times?: number;
  /** The error returned instead of the real answer. @default none (the call only stalls) */
  readonly error?: { readonly code: string; readonly message?: string; readonly status?: number };
  /** Delay before answering, in ms (a slow or hanging dependency). @default 0 */
  readonly delayMs?: number;
  /** Close the connection without answering, as a crashed or partitioned server would. @default false */
  readonly dropConnection?: boolean;
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
  readonly triggered: { service: string; operation: string }[] = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
    this.triggered.length = 0;
  }

  /** Applies the first fault matching this call, if any: waits, then throws its error. */
  async apply(service: string, operation: string | undefined): Promise<void> {
    if (operation === undefined) return;
    const fault = this.faults.find(
      (candidate) =>
        candidate.service === service &&
        candidate.operation === operation &&
        candidate.remaining > 0,
    );
    if (!fault) return;
    fault.remaining -= 1;
    this.triggered.push({ service, operation });
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
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
