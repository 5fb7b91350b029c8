/**
 * What starts an ELT run: the EventBridge "Glue Job State Change" event of the ETL job (the
 * previous UTC day is loaded, with the days of its catch-up window no run loaded yet, since the
 * nightly job runs after midnight), or a manual `{ "day": "YYYY-MM-DD" }`, which loads that day
 * only, or `{ "from": "YYYY-MM-DD", "day": "YYYY-MM-DD" }`, which loads the range. The Glue shape
 * is the one failure-alerts reads too (lambdas/shared).
 */
import { z } from 'zod';
import { GlueJobStateChangeSchema } from '../shared/glue-events';
import { daysOfRange } from '../shared/warehouse/elt';
import { InvalidEltEventError } from './errors';

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
export const ManualRunSchema = z
  .strictObject({ day: DaySchema, from: DaySchema.optional() })
  .superRefine(({ day, from }, context) => {
    // Refused here, naming the problem, before anything is read or run.
    try {
      daysOfRange(from ?? day, day);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export type EltTrigger =
  | {
      readonly kind: 'glue-job';
      readonly day: string;
      readonly jobName: string;
      readonly jobRunId: string;
    }
  | { readonly kind: 'manual'; readonly day: string; readonly fromDay: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The UTC calendar day before an instant: the day whose partitions the nightly job completed. */
export function dayBefore(time: string): string {
  const instant = new Date(time);
  if (Number.isNaN(instant.getTime())) throw new InvalidEltEventError(`"${time}" is not a time`);
  return new Date(instant.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function parseEltTrigger(input: unknown): EltTrigger {
  const manual = ManualRunSchema.safeParse(input);
  if (manual.success)
    return { kind: 'manual', day: manual.data.day, fromDay: manual.data.from ?? manual.data.day };
  if (typeof input === 'object' && input !== null && 'day' in input)
    throw new InvalidEltEventError(
      `A manual run is { "day": "YYYY-MM-DD", "from"?: "YYYY-MM-DD" }: ${issuesOf(manual.error)}`,
    );
  const glue = GlueJobStateChangeSchema.safeParse(input);
  if (!glue.success)
    throw new InvalidEltEventError(
      `Expected a Glue Job State Change event or { "day": "YYYY-MM-DD", "from"?: "YYYY-MM-DD" }: ${issuesOf(glue.error)}`,
    );
  const { detail, time } = glue.data;
  // The rule should only deliver SUCCEEDED; anything else is acknowledged, not retried.
  if (detail.state !== 'SUCCEEDED')
    return { kind: 'ignored', reason: `job ${detail.jobName} ended ${detail.state}` };
  return {
    kind: 'glue-job',
    day: dayBefore(time),
    jobName: detail.jobName,
    jobRunId: detail.jobRunId,
  };
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
