import {
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_events as events,
  aws_iam as iam,
  aws_logs as logs,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import { asyncDeadLetters } from './async-dead-letters';
import { deadLettersAlarm, functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction } from './platform-function';
import { grantWarehouseStatements } from '../grants/warehouse-data-api';
import { bundleSqlFolders } from '../props/warehouse-sql';
import { DEAD_LETTERS_ALARM_SUFFIX } from '../facts/alerting';
import { lambdaHandlerEntry } from '../facts/functions';
import { TRANSFER_METRIC_NAMESPACE as METRIC_NAMESPACE } from '../facts/replication';
import {
  BUNDLED_SQL_DIRECTORY,
  AWS_COPY_FORMAT,
  CATCH_UP_FAILURES_METRIC,
  ELT_DATABASE_ROLE,
  ELT_DEFAULTS,
  ELT_MAX_EVENT_AGE_HOURS,
  ELT_RESERVED_CONCURRENCY,
  ELT_SERVICE_NAME,
  MODEL_FAILURES_METRIC,
  eltFunctionName,
  eltRuleName,
  eltTriggerPattern,
} from '../facts/warehouse';

/** What a deployment may tune; every field has a default. */
export interface WarehouseEltOptions {
  /** @default 256 */
  readonly memorySize?: number;
  /** Lambda's maximum: the loads and transforms of a day run in one invocation. @default Duration.minutes(15) */
  readonly timeout?: Duration;
  /** Retries of a failed asynchronous run before it is dead-lettered (Lambda allows 0–2). @default 2 */
  readonly retryAttempts?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/warehouse-elt/handler.ts */
  readonly handlerEntry?: string;
}

export interface WarehouseEltProps extends WarehouseEltOptions {
  readonly platform: Platform;
  readonly workgroupName: string;
  readonly workgroupArn: string;
  readonly databaseName: string;
  /** The `sql/` folder whose `loads/`, `transforms/` and `models/` are bundled. */
  readonly sqlDirectory: string;
  /** The Glue job whose success starts a run (`EtlStack.cleanToCurated.jobName`). */
  readonly cleanToCuratedJobName: string;
  readonly cleanBucketName: string;
  readonly curatedBucketName: string;
  /** The role COPY assumes (`IAM_ROLE`). */
  readonly copyRoleArn: string;
  /** What `sql/models` train with: the Redshift ML role, bucket and key (`WarehouseMl`). */
  readonly ml: { readonly roleArn: string; readonly bucketName: string; readonly keyArn: string };
  /** Applied to the keys, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The daily ELT: when clean_to_curated succeeds, EventBridge invokes the ELT function
 * asynchronously for the previous day; `aws lambda invoke` with `{"day":"YYYY-MM-DD"}` runs a day
 * by hand. One run at a time (reserved concurrency 1), because two runs of the same day would
 * delete each other's rows. A run that fails every retry, and an event EventBridge cannot
 * deliver, land in a KMS-encrypted dead-letter queue whose alarm, like the function's error
 * alarm, reaches the alert fabric. Each asynchronous run that succeeds is announced on the
 * default bus (the on-success destination), where what follows the ELT (the recommendation
 * export) picks it up; a record Lambda could not deliver there raises an alarm of its own.
 */
export class WarehouseElt extends Construct {
  readonly function: PlatformFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  /** Where each successful asynchronous run is announced: the account's default bus. */
  readonly onSuccessBusArn: string;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WarehouseEltProps) {
    super(scope, id);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const functionName = eltFunctionName(platform);

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description:
        'Loads a day of the clean and curated zones into the warehouse and transforms it',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(ELT_SERVICE_NAME),
      memorySize: props.memorySize ?? ELT_DEFAULTS.memorySize,
      timeout: props.timeout ?? Duration.seconds(ELT_DEFAULTS.timeoutSeconds),
      reservedConcurrency: ELT_RESERVED_CONCURRENCY,
      environment: {
        PLATFORM_ENV: platform.environmentName,
        WAREHOUSE_WORKGROUP: props.workgroupName,
        WAREHOUSE_DATABASE: props.databaseName,
        SQL_DIRECTORY: BUNDLED_SQL_DIRECTORY,
        CLEAN_BUCKET: props.cleanBucketName,
        CURATED_BUCKET: props.curatedBucketName,
        COPY_ROLE_ARN: props.copyRoleArn,
        COPY_FORMAT: AWS_COPY_FORMAT,
        ML_ROLE_ARN: props.ml.roleArn,
        ML_BUCKET: props.ml.bucketName,
        ML_KMS_KEY_ID: props.ml.keyArn,
        POWERTOOLS_SERVICE_NAME: ELT_SERVICE_NAME,
      },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logKeyAlias: keyAlias(platform, `${ELT_SERVICE_NAME}-logs`),
      removalPolicy,
      commandHooks: bundleSqlFolders(props.sqlDirectory, ['loads', 'transforms', 'models']),
    });
    grantWarehouseStatements(this.function, props.workgroupArn, {
      kind: 'iam',
      databaseRoles: [ELT_DATABASE_ROLE],
    });

    const deadLetters = asyncDeadLetters(this, {
      keyAlias: keyAlias(platform, `${ELT_SERVICE_NAME}-dead-letters`),
      keyDescription: 'Encrypts the dead-letter queue of the warehouse ELT',
      contents: 'the ELT runs that failed every retry and the events EventBridge could not deliver',
      removalPolicy,
    });
    this.deadLetterQueue = deadLetters.queue;
    const fn = this.function.function;
    this.onSuccessBusArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: 'default',
    });
    deadLetters.routeFailuresOf(this.function, {
      retryAttempts: props.retryAttempts ?? ELT_DEFAULTS.retryAttempts,
      maxEventAge: Duration.hours(ELT_MAX_EVENT_AGE_HOURS),
      sid: 'DeadLetterFailedRuns',
      onSuccessArn: this.onSuccessBusArn,
    });
    // Lambda puts the on-success record on the bus with the function's own role.
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AnnounceSuccessfulRuns',
        actions: ['events:PutEvents'],
        resources: [this.onSuccessBusArn],
      }),
    );

    this.rule = new events.Rule(this, 'AfterCleanToCurated', {
      ruleName: eltRuleName(platform),
      description: 'Runs the warehouse ELT when the clean_to_curated Glue job succeeds',
      eventPattern: eltTriggerPattern(props.cleanToCuratedJobName) as events.EventPattern,
      targets: [deadLetters.targetFor(fn)],
    });

    const alarm = (alarmId: string, suffix: string, options: cloudwatch.AlarmProps) =>
      new cloudwatch.Alarm(this, alarmId, { ...options, alarmName: `${functionName}-${suffix}` });
    this.alarms = [
      alarm('ErrorsAlarm', 'errors', functionErrorsAlarm(fn)),
      alarm('DeadLettersAlarm', DEAD_LETTERS_ALARM_SUFFIX, {
        ...deadLettersAlarm(this.deadLetterQueue),
        alarmDescription:
          'A day was not loaded into the warehouse after every retry. Read the message for the day, fix the cause, then run that day by hand (infra/aws/README.md).',
      }),
      alarm('DestinationFailuresAlarm', 'destination-failures', {
        alarmDescription:
          'Lambda could not put a successful run on the default bus, so what follows the ELT (the recommendation export) did not start for it. Read the ELT log for the day, then run the export by hand with {"day":"YYYY-MM-DD"}.',
        metric: fn.metric('DestinationDeliveryFailures', {
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.SUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      alarm(
        'CatchUpFailuresAlarm',
        'catch-up-failures',
        countAboveZero(
          CATCH_UP_FAILURES_METRIC,
          'The nightly ELT could not catch up the days of its window that no run loaded (a file it could not read, or too little time), so it loaded its own day alone. Every night tries again until the cause is fixed: read the ELT log for the failed file, fix it, or load the days by hand with {"from":"YYYY-MM-DD","day":"YYYY-MM-DD"}.',
        ),
      ),
      alarm(
        'ModelFailuresAlarm',
        'model-failures',
        countAboveZero(
          MODEL_FAILURES_METRIC,
          'A customer model failed to train (the run found it FAILED, or its model file failed). The customer queries fail until it is trained again: read the ELT log, fix the cause; the next run retrains it.',
        ),
      ),
    ];
  }
}

/** An alarm on a count the ELT publishes (its service's dimension): any in an hour alerts. */
function countAboveZero(metricName: string, alarmDescription: string): cloudwatch.AlarmProps {
  return {
    alarmDescription,
    metric: new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { service: ELT_SERVICE_NAME },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}
