import type { aws_lambda as lambda, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface QueueConsumerAlarmsProps {
  /** Prefix of the alarm names, e.g. `hybrid-lake-dev-s3-to-adls`. */
  readonly namePrefix: string;
  readonly function: lambda.IFunction;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  /** Alarm when the oldest message of the work queue is older than this. */
  readonly maxMessageAge: Duration;
  /** Where every alarm publishes (the platform alert topic). */
  readonly alertTopic: sns.ITopic;
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
    const notify = new actions.SnsAction(props.alertTopic);
    const alarm = (alarmId: string, suffix: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        ...options,
        alarmName: `${props.namePrefix}-${suffix}`,
      });
      created.addAlarmAction(notify);
      return created;
    };

    this.deadLetters = alarm('DeadLetters', 'dead-letters', {
      alarmDescription:
        'Messages gave up after every retry. Inspect them, fix the cause, then redrive the DLQ to the work queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errors = alarm('Errors', 'errors', {
      alarmDescription:
        'Invocations failed as a whole (crash, timeout, configuration). Their messages are retried, then dead-lettered.',
      metric: props.function.metricErrors({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
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
