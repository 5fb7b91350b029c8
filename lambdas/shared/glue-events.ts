/**
 * Glue's "Glue Job State Change" EventBridge event (EventBridge reference, AWS Glue events), on
 * the Powertools Parser's EventBridge envelope. Powertools has no schema for the detail, so the
 * fields the platform reads are written here once; zod strips the rest.
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

export const GlueJobStateChangeSchema = EventBridgeSchema.extend({
  source: z.literal('aws.glue'),
  'detail-type': z.literal('Glue Job State Change'),
  detail: z.object({
    jobName: z.string().min(1),
    jobRunId: z.string().min(1),
    state: z.string().min(1),
    severity: z.string().optional(),
    message: z.string().optional(),
  }),
});

export type GlueJobStateChange = z.infer<typeof GlueJobStateChangeSchema>;
