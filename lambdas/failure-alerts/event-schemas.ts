/**
 * The documented shapes of every input, as zod schemas built on the Powertools Parser's
 * EventBridge envelope schema. Powertools has no schema for these details, so they are written
 * here from the AWS event references, and from the traffic monitor's own contract for its event;
 * fields the function does not use are left out (zod strips them), and fields AWS documents as
 * optional stay optional.
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { BOT_ATTACK_EVENT } from '../../infra/aws/facts/traffic';
import type { BotReason } from '../traffic-monitor/bot-rule';

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

/**
 * Why the traffic monitor flagged a minute: exactly the monitor's `BotReason`s
 * (lambdas/traffic-monitor/bot-rule.ts), so a reason added or renamed there fails to compile here.
 */
const BOT_REASONS: { readonly [R in BotReason]: R } = {
  ceiling: 'ceiling',
  spike: 'spike',
  ceiling_and_spike: 'ceiling_and_spike',
};

/**
 * The traffic monitor's "Bot Attack Suspected", put on the default bus once per incident
 * (infra/aws/facts/traffic.ts). `incidentId` is the incident's first flagged minute (UTC, minute
 * precision), `minute` the start of that minute; `poissonZ` is null while the trailing window is
 * not yet full; `rule` is the platform definition's `trafficMonitor.botRule` the monitor applied;
 * `topClients` are the busiest clients of the minute, most requests first.
 */
export const BotAttackSuspectedSchema = EventBridgeSchema.extend({
  source: z.literal(BOT_ATTACK_EVENT.source),
  'detail-type': z.literal(BOT_ATTACK_EVENT.detailType),
  detail: z.object({
    environment: z.string().min(1),
    incidentId: z.string().min(1),
    minute: z.iso.datetime(),
    topic: z.string().min(1),
    requests: z.number().int().nonnegative(),
    distinctClients: z.number().int().nonnegative(),
    reason: z.enum(BOT_REASONS),
    trailingRate: z.number().nonnegative(),
    poissonZ: z.number().nullable(),
    rule: z.object({
      maxRequestsPerMinute: z.number().int().positive(),
      trailingMinutes: z.number().int().positive(),
      poissonZ: z.number().positive(),
      minRequests: z.number().int().positive(),
    }),
    topClients: z.array(
      z.object({ client: z.string().min(1), requests: z.number().int().nonnegative() }),
    ),
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
export type BotAttackSuspected = z.infer<typeof BotAttackSuspectedSchema>;
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
export type LambdaFailureRecord = z.infer<typeof LambdaFailureRecordSchema>;
