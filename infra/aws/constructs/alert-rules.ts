/**
 * The failure sources the alert fabric listens to
 * (docs/architecture.md#alerts-one-normalised-fabric), as EventBridge patterns. Each is narrowed to
 * the platform's own resources where the event names them, so a shared account's other workloads do
 * not page this platform's on-call.
 */
import { aws_events as events } from 'aws-cdk-lib';
import { catalogTables, resourcePrefix, type Platform } from '../../platform';

/** The folder and Powertools service name of the failure-alerts function. */
export const FAILURE_ALERTS_SERVICE_NAME = 'failure-alerts';

/** Glue job run states that mean the run did not complete. */
export const FAILED_GLUE_JOB_STATES = ['FAILED', 'TIMEOUT', 'STOPPED', 'ERROR'];
/** Redshift Data API statement states that mean the statement did not complete. */
export const FAILED_STATEMENT_STATES = ['FAILED', 'ABORTED'];

export interface FailureRule {
  /** Construct id and rule name suffix. */
  readonly id: string;
  readonly description: string;
  readonly eventPattern: events.EventPattern;
}

/** Every platform alarm's name starts with this (`hybrid-lake-dev-`). */
export function platformAlarmPrefix(platform: Platform): string {
  return `${resourcePrefix(platform)}-`;
}

/**
 * The fabric's own alarms (`hybrid-lake-dev-failure-alerts-…`). They publish to SNS directly, so
 * a broken fabric is still heard, and the alarm rule leaves them out to avoid a double alert.
 */
export function fabricAlarmPrefix(platform: Platform): string {
  return `${resourcePrefix(platform)}-${FAILURE_ALERTS_SERVICE_NAME}-`;
}

/**
 * The rules' patterns. `fabricAlarmArnPrefix` is the ARN prefix of the fabric's own alarms
 * (`arn:aws:cloudwatch:<region>:<account>:alarm:hybrid-lake-dev-failure-alerts-`): EventBridge
 * cannot AND two conditions on one field, so the alarm name selects the platform's alarms and
 * the alarm ARN (`resources`) excludes the fabric's.
 */
export function failureRules(platform: Platform, fabricAlarmArnPrefix: string): FailureRule[] {
  const prefix = resourcePrefix(platform);
  const databases = [...new Set(catalogTables(platform).map((table) => table.database))];
  return [
    {
      id: 'GlueJobFailed',
      description: 'Glue job runs of the platform that failed, timed out or were stopped',
      eventPattern: {
        source: ['aws.glue'],
        detailType: ['Glue Job State Change'],
        detail: { jobName: events.Match.prefix(`${prefix}-`), state: FAILED_GLUE_JOB_STATES },
      },
    },
    {
      id: 'DataQualityFailed',
      description: 'Glue Data Quality evaluations of the platform that failed',
      eventPattern: {
        source: ['aws.glue-dataquality'],
        detailType: ['Data Quality Evaluation Results Available'],
        detail: {
          state: ['FAILED'],
          // A ruleset runs inside a job (GLUE_JOB) or on a catalog table (GLUE_DATA_CATALOG).
          $or: [
            { context: { jobName: events.Match.prefix(`${prefix}-`) } },
            { context: { databaseName: databases } },
          ],
        },
      },
    },
    {
      id: 'StatementFailed',
      description:
        'Redshift Data API statements that failed or were aborted (only statements run with events)',
      eventPattern: {
        source: ['aws.redshift-data'],
        detailType: ['Redshift Data Statement Status Change'],
        detail: { state: FAILED_STATEMENT_STATES },
      },
    },
    {
      id: 'AlarmRaised',
      description: "The platform's alarms entering ALARM, except the fabric's own",
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: events.Match.anythingButPrefix(fabricAlarmArnPrefix),
        detail: {
          alarmName: events.Match.prefix(platformAlarmPrefix(platform)),
          state: { value: ['ALARM'] },
        },
      },
    },
  ];
}
