/**
 * The documented shapes of every input, as zod schemas built on the Powertools Parser's
 * EventBridge envelope schema. Powertools has no schema for these details, so they are written
 * here from the AWS event references; fields the function does not use are left out (zod strips
 * them), and fields AWS documents as optional stay optional.
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

export { GlueJobStateChangeSchema, type GlueJobStateChange } from '../shared/glue-events';

/**
 * Glue Data Quality "Data Quality Evaluation Results Available". The Glue guide's sample spells
 * the id `resultID` and the counts `rulesSucceeded`/`rulesFailed`; delivered events spell them
 * `resultId` and `numRulesSucceeded`/`numRulesFailed`. Both spellings are accepted.
 */
export const DataQualityResultsSchema = EventBridgeSchema.extend({
  source: z.literal('aws.glue-dataquality'),
  'detail-type': z.literal('Data Quality Evaluation Results Available'),
  detail: z.object({
    context: z
      .object({
        contextType: z.string(),
        runId: z.string(),
        jobName: z.string(),
        jobId: z.string(),
        databaseName: z.string(),
        tableName: z.string(),
        catalogId: z.string(),
        evaluationContext: z.string(),
      })
      .partial(),
    resultId: z.string().optional(),
    resultID: z.string().optional(),
    rulesetNames: z.array(z.string()).default([]),
    state: z.string().min(1),
    score: z.number().min(0).max(1).optional(),
    numRulesSucceeded: z.number().int().optional(),
    numRulesFailed: z.number().int().optional(),
    numRulesSkipped: z.number().int().optional(),
    rulesSucceeded: z.number().int().optional(),
    rulesFailed: z.number().int().optional(),
    rulesSkipped: z.number().int().optional(),
  }),
});

/** Redshift Data API "Redshift Data Statement Status Change" (sent for statements run `WithEvent`). */
export const RedshiftStatementStatusSchema = EventBridgeSchema.extend({
  source: z.literal('aws.redshift-data'),
  'detail-type': z.literal('Redshift Data Statement Status Change'),
  detail: z.object({
    principal: z.string().optional(),
    statementName: z.string().optional(),
    statementId: z.string().min(1),
    redshiftQueryId: z.number().optional(),
    state: z.string().min(1),
    rows: z.number().optional(),
    expireAt: z.number().optional(),
  }),
});

const AlarmStateSchema = z.object({
  value: z.string(),
  reason: z.string().default(''),
  reasonData: z.string().optional(),
  timestamp: z.string(),
});

/** CloudWatch "CloudWatch Alarm State Change": metric, math-expression and composite alarms. */
export const AlarmStateChangeSchema = EventBridgeSchema.extend({
  source: z.literal('aws.cloudwatch'),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  detail: z.object({
    alarmName: z.string().min(1),
    state: AlarmStateSchema,
    previousState: AlarmStateSchema.optional(),
    configuration: z
      .object({
        description: z.string().optional(),
        alarmRule: z.string().optional(),
        metrics: z
          .array(
            z.object({
              id: z.string(),
              expression: z.string().optional(),
              label: z.string().optional(),
              metricStat: z
                .object({
                  metric: z.object({
                    namespace: z.string(),
                    name: z.string(),
                    dimensions: z.record(z.string(), z.string()).default({}),
                  }),
                  period: z.number().optional(),
                  stat: z.string().optional(),
                })
                .optional(),
              returnData: z.boolean().optional(),
            }),
          )
          .default([]),
      })
      .default({ metrics: [] }),
  }),
});

/** EventBridge Scheduler / scheduled rule tick: closes and reports elapsed dedupe windows. */
export const ScheduledEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

/** The invocation record Lambda sends to an on-failure destination of an asynchronous invocation. */
export const LambdaFailureRecordSchema = z.object({
  version: z.string(),
  timestamp: z.iso.datetime(),
  requestContext: z.object({
    requestId: z.string().min(1),
    functionArn: z.string().regex(/^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:/),
    condition: z.string().min(1),
    approximateInvokeCount: z.number().int().nonnegative(),
  }),
  requestPayload: z.unknown(),
  responseContext: z
    .object({
      statusCode: z.number().int(),
      executedVersion: z.string(),
      functionError: z.string().optional(),
    })
    .optional(),
  responsePayload: z.unknown().optional(),
});

export type DataQualityResults = z.infer<typeof DataQualityResultsSchema>;
export type RedshiftStatementStatus = z.infer<typeof RedshiftStatementStatusSchema>;
export type AlarmStateChange = z.infer<typeof AlarmStateChangeSchema>;
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
export type LambdaFailureRecord = z.infer<typeof LambdaFailureRecordSchema>;
