/**
 * What starts an export: the warehouse ELT's on-success record, which Lambda puts on the default
 * bus as an EventBridge event (source `lambda`, the record as `detail`) and the export rule
 * delivers for the runs that loaded a day; or a manual `{ "day": "YYYY-MM-DD" }`, which exports
 * that day's snapshot (a backfill, or a rollback to a snapshot still in the warehouse).
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { ELT_RAN_STATUS } from '../../infra/aws/facts/warehouse';
import {
  LAMBDA_DESTINATION_SOURCE,
  LAMBDA_SUCCESS_DETAIL_TYPE,
} from '../../infra/aws/facts/functions';
import { InvalidExportEventError } from './errors';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day: the pattern, and a date that exists (`2026-02-30` does not). */
const day = z
  .string()
  .regex(DAY, 'must be YYYY-MM-DD')
  .refine((text) => {
    const midnight = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(text);
  }, 'must be a calendar day');

const ManualExportSchema = z.strictObject({ day });

/**
 * The ELT's on-success record on the Powertools EventBridge envelope. Only the fields the export
 * reads are checked: the run's status and day, and who ran (for the logs).
 */
const EltSucceededSchema = EventBridgeSchema.extend({
  source: z.literal(LAMBDA_DESTINATION_SOURCE),
  'detail-type': z.literal(LAMBDA_SUCCESS_DETAIL_TYPE),
  detail: z.object({
    requestContext: z.object({
      requestId: z.string().min(1),
      functionArn: z.string().min(1),
      condition: z.literal('Success'),
    }),
    responsePayload: z.object({
      status: z.string(),
      report: z.object({ day }).optional(),
    }),
  }),
});

export type ExportTrigger =
  | { readonly kind: 'elt'; readonly day: string; readonly eltRequestId: string }
  | { readonly kind: 'manual'; readonly day: string }
  | { readonly kind: 'ignored'; readonly reason: string };

export function parseExportTrigger(input: unknown): ExportTrigger {
  const manual = ManualExportSchema.safeParse(input);
  if (manual.success) return { kind: 'manual', day: manual.data.day };
  const elt = EltSucceededSchema.safeParse(input);
  if (!elt.success) {
    const issues = elt.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidExportEventError(
      `Expected the warehouse ELT's on-success event or { "day": "YYYY-MM-DD" }: ${issues}`,
    );
  }
  const { requestContext, responsePayload } = elt.data.detail;
  // The rule delivers only runs that loaded a day; anything else is acknowledged, not retried.
  if (responsePayload.status !== ELT_RAN_STATUS)
    return { kind: 'ignored', reason: `the ELT run ended "${responsePayload.status}"` };
  if (responsePayload.report === undefined)
    throw new InvalidExportEventError(
      `The ELT run ${requestContext.requestId} ran but reported no day`,
    );
  return { kind: 'elt', day: responsePayload.report.day, eltRequestId: requestContext.requestId };
}
