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
import type { KeyedTable } from './recommendation-tables';
import { grantWarehouseStatements } from '../grants/warehouse-data-api';
import { bundleSqlFolders } from '../props/warehouse-sql';
import { DEAD_LETTERS_ALARM_SUFFIX } from '../facts/alerting';
import { lambdaHandlerEntry } from '../facts/functions';
import {
  EXPORT_DATABASE_ROLE,
  EXPORT_DEFAULTS,
  EXPORT_MAX_EVENT_AGE_HOURS,
  EXPORT_RESERVED_CONCURRENCY,
  exportRuleName,
  exportTriggerPattern,
} from '../facts/recommendation-export';
import { EXPORT_SERVICE_NAME, exportFunctionName } from '../facts/recommendations';
import { BUNDLED_SQL_DIRECTORY } from '../facts/warehouse';

/** What a deployment may tune; every field has a default. */
export interface RecommendationExportOptions {
  /** @default 512 */
  readonly memorySize?: number;
  /** Lambda's maximum: a night of items is written in one invocation. @default Duration.minutes(15) */
  readonly timeout?: Duration;
  /** Retries of a failed asynchronous export before it is dead-lettered (Lambda allows 0–2). @default 2 */
  readonly retryAttempts?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/export-recommendations/handler.ts */
  readonly handlerEntry?: string;
}

/** The warehouse the export reads, and the ELT whose success starts it (`WarehouseStack`). */
export interface ExportWarehouse {
  readonly workgroupName: string;
  readonly workgroupArn: string;
  readonly databaseName: string;
  /** The `sql/` folder whose `exports/` is bundled. */
  readonly sqlDirectory: string;
  /** The unqualified ARN of the ELT function; its on-success records reach the default bus. */
  readonly eltFunctionArn: string;
}

export interface RecommendationExportProps extends RecommendationExportOptions {
  readonly platform: Platform;
  /** `RecommendationTables.model`: the table the export fills, and its key. */
  readonly modelTable: KeyedTable;
  readonly warehouse: ExportWarehouse;
  /** Applied to the keys, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The nightly export of the recommendation model (lambdas/export-recommendations): when the
 * warehouse ELT's on-success record reaches the default bus for a run that loaded a day, the rule
 * invokes the export asynchronously; `{"day":"YYYY-MM-DD"}` exports a day by hand. It reads the
 * warehouse through the Data API as its own IAM identity with the database role
 * `recommendation_reader` (SELECT on the tables it exports), and may only put items into the model
 * table. One export at a time; a failed export is retried, then dead-lettered; the dead letters
 * and the function's errors raise alarms that reach the alert fabric.
 *
 * Outside any VPC, as the ELT: the Data API and DynamoDB are public AWS endpoints, and the
 * function connects to no database endpoint of the workgroup (docs/decisions.md).
 */
export class RecommendationExport extends Construct {
  readonly function: PlatformFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RecommendationExportProps) {
    super(scope, id);
    const { platform, warehouse, modelTable } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const functionName = exportFunctionName(platform);

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description:
        "Exports the warehouse's nightly recommendation snapshot to the recommendation-model table",
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(EXPORT_SERVICE_NAME),
      memorySize: props.memorySize ?? EXPORT_DEFAULTS.memorySize,
      timeout: props.timeout ?? Duration.seconds(EXPORT_DEFAULTS.timeoutSeconds),
      reservedConcurrency: EXPORT_RESERVED_CONCURRENCY,
      environment: {
        PLATFORM_ENV: platform.environmentName,
        WAREHOUSE_WORKGROUP: warehouse.workgroupName,
        WAREHOUSE_DATABASE: warehouse.databaseName,
        SQL_DIRECTORY: BUNDLED_SQL_DIRECTORY,
        RECOMMENDATION_MODEL_TABLE_NAME: modelTable.table.tableName,
        POWERTOOLS_SERVICE_NAME: EXPORT_SERVICE_NAME,
      },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logKeyAlias: keyAlias(platform, `${EXPORT_SERVICE_NAME}-logs`),
      removalPolicy,
      commandHooks: bundleSqlFolders(warehouse.sqlDirectory, ['exports']),
    });
    grantWarehouseStatements(this.function, warehouse.workgroupArn, {
      kind: 'iam',
      databaseRoles: [EXPORT_DATABASE_ROLE],
    });
    this.grantWritingTheModel(modelTable);

    const deadLetters = asyncDeadLetters(this, {
      keyAlias: keyAlias(platform, `${EXPORT_SERVICE_NAME}-dead-letters`),
      keyDescription: 'Encrypts the dead-letter queue of the recommendation export',
      contents: 'the exports that failed every retry and the events EventBridge could not deliver',
      removalPolicy,
    });
    this.deadLetterQueue = deadLetters.queue;
    deadLetters.routeFailuresOf(this.function, {
      retryAttempts: props.retryAttempts ?? EXPORT_DEFAULTS.retryAttempts,
      maxEventAge: Duration.hours(EXPORT_MAX_EVENT_AGE_HOURS),
      sid: 'DeadLetterFailedExports',
    });
    const fn = this.function.function;

    this.rule = new events.Rule(this, 'AfterWarehouseElt', {
      ruleName: exportRuleName(platform),
      description:
        'Exports the recommendation model when a warehouse ELT run that loaded a day succeeds',
      eventPattern: exportTriggerPattern(warehouse.eltFunctionArn) as events.EventPattern,
      targets: [deadLetters.targetFor(fn)],
    });

    const alarm = (alarmId: string, suffix: string, options: cloudwatch.AlarmProps) =>
      new cloudwatch.Alarm(this, alarmId, { ...options, alarmName: `${functionName}-${suffix}` });
    this.alarms = [
      alarm('ErrorsAlarm', 'errors', {
        ...functionErrorsAlarm(fn),
        alarmDescription:
          'An export failed (an empty snapshot, the warehouse or DynamoDB unavailable, items left unprocessed): readers keep the last full night. Its event is retried, then dead-lettered; the log names the cause.',
      }),
      alarm('DeadLettersAlarm', DEAD_LETTERS_ALARM_SUFFIX, {
        ...deadLettersAlarm(this.deadLetterQueue),
        alarmDescription:
          'A night was not exported after every retry: recommendations read an older snapshot. Read the message for the day, fix the cause, then export that day by hand (lambdas/export-recommendations/README.md).',
      }),
    ];
  }

  /**
   * Put items, and nothing else, into the model table: BatchWriteItem for the night's items,
   * PutItem for the pointer. DynamoDB uses the table's key on the caller's behalf.
   */
  private grantWritingTheModel(modelTable: KeyedTable): void {
    const { role } = this.function;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteTheRecommendationModel',
        actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'],
        resources: [modelTable.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseRecommendationModelKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [modelTable.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
  }
}
