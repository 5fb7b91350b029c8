/**
 * The "CloudWatch Alarm State Change" event of a dead-letter-queue alarm, as CloudWatch puts it
 * on the default bus for a single-metric alarm. The metric is the one the CDK alarms on
 * (infra/aws/constructs/lambda-alarms.ts `deadLettersAlarm`: the queue's
 * ApproximateNumberOfMessagesVisible, Maximum over one minute, greater than 0).
 */
import type { ServiceEvent } from '@hybrid-lake/localcloud';

export type AlarmState = 'OK' | 'ALARM';

export interface DeadLetterAlarmInput {
  readonly alarmName: string;
  readonly queueName: string;
  readonly region: string;
  readonly accountId: string;
  readonly visibleMessages: number;
  readonly state: AlarmState;
  readonly previousState: AlarmState;
  /** When the previous state began, and why. */
  readonly previousSince: Date;
  readonly previousReason: string;
  readonly now: Date;
}

const PERIOD_SECONDS = 60;
const STATISTIC = 'Maximum';
const THRESHOLD = 0;

export function alarmArn(alarmName: string, region: string, accountId: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

/** CloudWatch writes state timestamps as `2026-03-08T09:00:00.000+0000`. */
export function cloudwatchTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** `dd/MM/yy HH:mm:ss`, the datapoint time in CloudWatch's reason text. */
function datapointTime(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}

export function alarmReason(input: DeadLetterAlarmInput): { reason: string; reasonData: string } {
  const value = input.visibleMessages.toFixed(1);
  const crossed = input.state === 'ALARM';
  const reason = `Threshold Crossed: 1 datapoint [${value} (${datapointTime(input.now)})] was ${
    crossed ? 'greater than' : 'not greater than'
  } the threshold (${THRESHOLD.toFixed(1)}).`;
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: cloudwatchTimestamp(input.now),
    startDate: cloudwatchTimestamp(new Date(input.now.getTime() - PERIOD_SECONDS * 1000)),
    statistic: STATISTIC,
    period: PERIOD_SECONDS,
    recentDatapoints: [input.visibleMessages],
    threshold: THRESHOLD,
    evaluatedDatapoints: [
      { timestamp: cloudwatchTimestamp(input.now), sampleCount: 1, value: input.visibleMessages },
    ],
  });
  return { reason, reasonData };
}

/** The reason CloudWatch gives an alarm that has not been evaluated yet. */
export const INITIAL_ALARM_REASON = 'Unchecked: Initial alarm creation';

export function deadLetterAlarmEvent(input: DeadLetterAlarmInput): ServiceEvent {
  const { reason, reasonData } = alarmReason(input);
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    resources: [alarmArn(input.alarmName, input.region, input.accountId)],
    time: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    detail: {
      alarmName: input.alarmName,
      state: { value: input.state, reason, reasonData, timestamp: cloudwatchTimestamp(input.now) },
      previousState: {
        value: input.previousState,
        reason: input.previousReason,
        timestamp: cloudwatchTimestamp(input.previousSince),
      },
      configuration: {
        metrics: [
          {
            id: 'dead-letters',
            metricStat: {
              metric: {
                namespace: 'AWS/SQS',
                name: 'ApproximateNumberOfMessagesVisible',
                dimensions: { QueueName: input.queueName },
              },
              period: PERIOD_SECONDS,
              stat: STATISTIC,
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
