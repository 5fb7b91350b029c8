import { AlarmStateChangeSchema } from '../../../../../lambdas/failure-alerts/event-schemas';
import {
  alarmArn,
  deadLetterAlarmEvent,
  INITIAL_ALARM_REASON,
} from '../../../../../scripts/local-platform/lambda-runtime/alarm-event';

const input = {
  alarmName: 'hybrid-lake-dev-s3-to-adls-dead-letters',
  queueName: 'hybrid-lake-dev-s3-to-adls-dlq',
  region: 'us-east-1',
  accountId: '000000000000',
  visibleMessages: 2,
  state: 'ALARM' as const,
  previousState: 'OK' as const,
  previousSince: new Date('2026-03-09T02:00:00.000Z'),
  previousReason: INITIAL_ALARM_REASON,
  now: new Date('2026-03-09T02:10:30.250Z'),
};

/** What EventBridge adds around what the service emits (localcloud's emitServiceEvent). */
function onTheBus(event: ReturnType<typeof deadLetterAlarmEvent>) {
  return { version: '0', id: 'e-1', account: '000000000000', region: 'us-east-1', ...event };
}

describe('deadLetterAlarmEvent', () => {
  it('is a CloudWatch Alarm State Change that failure-alerts accepts', () => {
    const parsed = AlarmStateChangeSchema.parse(onTheBus(deadLetterAlarmEvent(input)));

    expect(parsed.resources).toEqual([
      'arn:aws:cloudwatch:us-east-1:000000000000:alarm:hybrid-lake-dev-s3-to-adls-dead-letters',
    ]);
    expect(parsed.time).toBe('2026-03-09T02:10:30Z');
    expect(parsed.detail).toMatchObject({
      alarmName: input.alarmName,
      state: { value: 'ALARM', timestamp: '2026-03-09T02:10:30.250+0000' },
      previousState: { value: 'OK', reason: INITIAL_ALARM_REASON },
    });
    expect(parsed.detail.configuration.metrics[0]?.metricStat).toEqual({
      metric: {
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'hybrid-lake-dev-s3-to-adls-dlq' },
      },
      period: 60,
      stat: 'Maximum',
    });
  });

  it('gives the datapoint that crossed the threshold as its reason', () => {
    const { detail } = AlarmStateChangeSchema.parse(onTheBus(deadLetterAlarmEvent(input)));

    expect(detail.state.reason).toBe(
      'Threshold Crossed: 1 datapoint [2.0 (09/03/26 02:10:30)] was greater than the threshold (0.0).',
    );
    expect(JSON.parse(detail.state.reasonData ?? '{}')).toMatchObject({
      statistic: 'Maximum',
      recentDatapoints: [2],
      threshold: 0,
    });
  });

  it('names the alarm by its ARN', () => {
    expect(alarmArn('a', 'eu-west-1', '123456789012')).toBe(
      'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a',
    );
  });
});
