import type { aws_lambda as lambda, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DEAD_LETTERS_ALARM_SUFFIX } from '../facts/alerting';

export interface QueueConsumerAlarmsProps {
  /** Prefix of the alarm names, e.g. `hybrid-lake-dev-s3-to-adls`. */
  readonly namePrefix: string;
  readonly function: lambda.IFunction;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  /** Alarm when the oldest message of the work queue is older than this. */
  readonly maxMessageAge: Duration;
  /**
   * Where the alarms publish directly. Only the alert fabric's own alarms do: every other alarm
   * reaches the topic through EventBridge and the failure-alerts function, which deduplicates it.
   * @default no alarm action
   */
  readonly alertTopic?: sns.ITopic;
}

/**
 * The three ways an SQS-fed function fails a human should hear about: a message gave up (DLQ
 * not empty), an invocation failed as a whole (Errors), and work that does not drain (age of the
 * oldest message). Items reported as partial batch failures do not count as Errors; they show
 * up as age, then in the DLQ.
 */
export class QueueConsumerAlarms extends Construct {
  readonly deadLetters: cloudwatch.Alarm;
  readonly errors: cloudwatch.Alarm;
  readonly oldestMessageAge: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: QueueConsumerAlarmsProps) {
    super(scope, id);
    const notify = props.alertTopic && new actions.SnsAction(props.alertTopic);
    const alarm = (alarmId: string, suffix: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        ...options,
        alarmName: `${props.namePrefix}-${suffix}`,
      });
      if (notify) created.addAlarmAction(notify);
      return created;
    };

    this.deadLetters = alarm(
      'DeadLetters',
      DEAD_LETTERS_ALARM_SUFFIX,
      deadLettersAlarm(props.deadLetterQueue),
    );
    this.errors = alarm('Errors', 'errors', functionErrorsAlarm(props.function));
    this.oldestMessageAge = alarm('OldestMessageAge', 'oldest-message-age', {
      alarmDescription: `Work does not drain: a message is older than ${props.maxMessageAge.toHumanString()} (failing items, throttling or an outage).`,
      metric: props.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: props.maxMessageAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** A message gave up: the dead-letter queue is not empty. */
export function deadLettersAlarm(deadLetterQueue: sqs.IQueue): cloudwatch.AlarmProps {
  return {
    alarmDescription:
      'Messages gave up after every retry. Inspect them, fix the cause, then redrive the DLQ to the work queue.',
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}

/** An invocation failed as a whole (crash, timeout, configuration). */
export function functionErrorsAlarm(fn: lambda.IFunction): cloudwatch.AlarmProps {
  return {
    alarmDescription:
      'Invocations failed as a whole (crash, timeout, configuration). Their events are retried, then dead-lettered.',
    metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}
