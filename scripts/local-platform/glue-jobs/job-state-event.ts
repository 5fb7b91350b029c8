/**
 * Glue's "Glue Job State Change" event, as Glue puts it on the default bus when a run ends:
 * `source` aws.glue, `resources` empty, and a detail of jobName, severity, state, jobRunId and
 * message (the shape lambdas/shared/glue-events.ts reads).
 */
import { randomBytes } from 'node:crypto';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export type GlueJobEndState = 'SUCCEEDED' | 'FAILED';

export interface GlueJobStateChange {
  readonly jobName: string;
  readonly state: GlueJobEndState;
  /** When the run ended. */
  readonly time: Date;
  /** @default a new run id */
  readonly jobRunId?: string;
  /** @default "Job run succeeded" for SUCCEEDED; required in practice for FAILED (the error). */
  readonly message?: string;
}

/** `jr_` and 64 hex digits, the form of Glue's job run ids. */
export function newJobRunId(): string {
  return `jr_${randomBytes(32).toString('hex')}`;
}

/** Event times are whole seconds in UTC, as AWS services write them. */
export function eventTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Emits the event on localcloud's default bus and returns the run id it carries. */
export function emitGlueJobStateChange(
  cloud: Pick<LocalCloud, 'emitServiceEvent'>,
  change: GlueJobStateChange,
): string {
  const jobRunId = change.jobRunId ?? newJobRunId();
  cloud.emitServiceEvent({
    source: 'aws.glue',
    'detail-type': 'Glue Job State Change',
    time: eventTime(change.time),
    resources: [],
    detail: {
      jobName: change.jobName,
      severity: change.state === 'SUCCEEDED' ? 'INFO' : 'ERROR',
      state: change.state,
      jobRunId,
      message:
        change.message ?? (change.state === 'SUCCEEDED' ? 'Job run succeeded' : 'Job run failed'),
    },
  });
  return jobRunId;
}
