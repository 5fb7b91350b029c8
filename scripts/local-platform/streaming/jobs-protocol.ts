/**
 * What the streaming jobs' process and its parent say to each other: the settings handed over
 * in the environment, and the messages sent back over IPC.
 */
import type { BatchReport, StreamJobSettings } from './stream-job';

/** What the parent passes in `HYBRID_LAKE_STREAM_JOBS`. */
export interface StreamJobsConfig {
  readonly jobs: readonly StreamJobSettings[];
  /** The IAM listener, and the authority its certificate chains to. */
  readonly brokers: readonly string[];
  readonly tlsCa: string;
  readonly region: string;
  readonly s3Endpoint: string;
}

export type StreamJobsMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly report: BatchReport }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'stopped' };

/** What the parent sends: stop cleanly, or die in the middle of the next batch (the drill). */
export type StreamJobsCommand = { readonly type: 'stop' } | { readonly type: 'crash-mid-batch' };

export const CONFIG_VARIABLE = 'HYBRID_LAKE_STREAM_JOBS';
