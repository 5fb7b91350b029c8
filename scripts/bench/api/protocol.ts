/**
 * What `npm run bench:api`'s load process and its platform process (platform.ts) say to each
 * other over the fork's IPC channel: the platform announces where it serves, the load side asks
 * for faults and for the platform's CPU time.
 */
import type { FaultSpec } from '@hybrid-lake/localcloud';

export interface PlatformReady {
  readonly type: 'ready';
  /** The marketplace API (the ingestion function) on the local API Gateway. */
  readonly apiPort: number;
  /** The same routes, each integrated with the trivial baseline function. */
  readonly baselinePort: number;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** localcloud's plaintext Kafka listener, for reading the topics back. */
  readonly kafkaBrokers: string;
  /** The IAM listener (TLS + MSK IAM) the function produces to, and its authority. */
  readonly kafkaIamBrokers: string;
  readonly kafkaCa: string;
  /** A topic of its own for the raw producer baseline (the platform's 6 partitions). */
  readonly baselineTopic: string;
}

/** CPU time (user + system) used so far, in milliseconds. */
export interface CpuTimes {
  readonly type: 'cpu';
  /** The platform process: localcloud, the gateway and the Lambda service's parent side. */
  readonly platformMs: number;
  /** The function containers alive now (child processes), each by pid. */
  readonly containersMs: Readonly<Record<string, number>>;
  /** Requests localcloud's AWS endpoint answered so far, by `service:Operation`. */
  readonly awsRequests: Readonly<Record<string, number>>;
}

export interface FaultsApplied {
  readonly type: 'faults-applied';
  /** Calls struck so far, by `when` (`before` or `after`). */
  readonly struck: { readonly before: number; readonly after: number };
}

export type PlatformMessage = PlatformReady | CpuTimes | FaultsApplied;

export type LoadMessage =
  /** Injects every spec at once. */
  | { readonly type: 'inject'; readonly faults: readonly FaultSpec[] }
  /**
   * Injects `first`, waits until it has struck, then injects `then`: an answer lost after the
   * append, followed at once by an outage of the retries.
   */
  | {
      readonly type: 'inject-chain';
      readonly first: FaultSpec;
      readonly then: readonly FaultSpec[];
    }
  | { readonly type: 'faults' }
  | { readonly type: 'cpu' }
  | { readonly type: 'stop' };

export function isPlatformMessage(message: unknown): message is PlatformMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    ['ready', 'cpu', 'faults-applied'].includes((message as { type?: unknown }).type as string)
  );
}
