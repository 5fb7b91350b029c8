/**
 * The alert fabric's facts, read by the constructs and the local deployment alike: the names of
 * its function, table, rules, topic and alarms, its settings, and the failure sources it listens to
 * (docs/architecture.md#alerts-one-normalised-fabric), as EventBridge patterns. Each is narrowed to
 * the platform's own resources where the event names them, so a shared account's other workloads do
 * not page this platform's on-call; the traffic monitor's event is narrowed to the environment it
 * names.
 */
import { catalogTables, resourcePrefix, type Platform } from '../../platform';
import { BOT_ATTACK_EVENT } from './traffic';

/**
 * An EventBridge pattern in the CDK's spelling (`detailType` for `detail-type`), its matchers
 * written as EventBridge writes them (`[{ prefix: … }]`), so no CDK token is needed to read it.
 */
export interface EventPattern {
  readonly source?: string[];
  readonly detailType?: string[];
  readonly resources?: unknown[];
  readonly detail?: Record<string, unknown>;
}

/** The folder and Powertools service name of the failure-alerts function. */
export const FAILURE_ALERTS_SERVICE_NAME = 'failure-alerts';

/**
 * What the function logs for each alert it publishes, with the alert's `source`, `resource` and
 * `severity` beside it: the dashboard lists Glue runs that failed from these lines.
 */
export const ALERT_PUBLISHED_LOG_MESSAGE = 'Alert published';

/** Glue job run states that mean the run did not complete. */
export const FAILED_GLUE_JOB_STATES = ['FAILED', 'TIMEOUT', 'STOPPED', 'ERROR'];
/** Redshift Data API statement states that mean the statement did not complete. */
export const FAILED_STATEMENT_STATES = ['FAILED', 'ABORTED'];

export interface FailureRule {
  /** Construct id and rule name suffix. */
  readonly id: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
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
        detail: { jobName: [{ prefix: `${prefix}-` }], state: FAILED_GLUE_JOB_STATES },
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
            { context: { jobName: [{ prefix: `${prefix}-` }] } },
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
        resources: [{ 'anything-but': { prefix: fabricAlarmArnPrefix } }],
        detail: {
          alarmName: [{ prefix: platformAlarmPrefix(platform) }],
          state: { value: ['ALARM'] },
        },
      },
    },
    {
      id: 'BotAttackSuspected',
      description:
        "The traffic monitor's suspected bot attacks on this environment, one per incident",
      eventPattern: {
        source: [BOT_ATTACK_EVENT.source],
        detailType: [BOT_ATTACK_EVENT.detailType],
        detail: { environment: [platform.environmentName] },
      },
    },
  ];
}

/**
 * The runbooks' path in this repository (`docs/runbooks/`): what an alert shows when the
 * deployment names no published copy. A deployment whose repository is served somewhere passes
 * `-c runbookBaseUrl=https://…/docs/runbooks` so alerts carry a link.
 */
export const DEFAULT_RUNBOOK_BASE_URL = 'docs/runbooks';

/** The defaults of FailureAlertsOptions. */
export const FAILURE_ALERTS_DEFAULTS = {
  dedupeWindowMinutes: 5,
  memorySize: 256,
  timeoutSeconds: 30,
} as const;

/** Lambda retries a failed asynchronous invocation this often before dead-lettering it. */
export const FAILURE_ALERTS_RETRY_ATTEMPTS = 2;

/** The dedupe table's partition key (S) and TTL attribute (epoch seconds), as the function expects them. */
export const DEDUPE_TABLE_KEY = 'fingerprint';
export const DEDUPE_TABLE_TTL_ATTRIBUTE = 'expiresAt';

/** `hybrid-lake-dev-failure-alerts` */
export function failureAlertsFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${FAILURE_ALERTS_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-failure-alerts-dedupe` */
export function dedupeTableName(platform: Platform): string {
  return `${failureAlertsFunctionName(platform)}-dedupe`;
}

/** How often the schedule publishes the deduplicated alerts whose window has closed. */
export const FLUSH_SCHEDULE_EXPRESSION = 'rate(1 minute)';

/** `hybrid-lake-dev-failure-alerts-flush` */
export function flushRuleName(platform: Platform): string {
  return `${failureAlertsFunctionName(platform)}-flush`;
}

/** `hybrid-lake-dev-failure-alerts-glue-job-failed` for the rule `GlueJobFailed`. */
export function failureRuleName(platform: Platform, ruleId: string): string {
  return `${failureAlertsFunctionName(platform)}-${kebab(ruleId)}`;
}

/** `GlueJobFailed` → `glue-job-failed`. */
function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `hybrid-lake-dev-alerts`: the one alert topic. */
export function alertTopicName(platform: Platform): string {
  return `${resourcePrefix(platform)}-alerts`;
}

/** Ends the name of every dead-letter queue's alarm: `<function name>-dead-letters`. */
export const DEAD_LETTERS_ALARM_SUFFIX = 'dead-letters';

/** `hybrid-lake-dev-s3-to-adls-dead-letters`: the alarm on the dead-letter queue of `functionName`. */
export function deadLettersAlarmName(functionName: string): string {
  return `${functionName}-${DEAD_LETTERS_ALARM_SUFFIX}`;
}
