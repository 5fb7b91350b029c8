/**
 * The stand-in for the CloudWatch alarms on the functions' dead-letter queues (there is no
 * CloudWatch locally): each alarm watches its queue's visible messages and, on every change of
 * state, emits the event CloudWatch would, once. ALARM reaches failure-alerts through the
 * AlarmRaised rule; a return to OK is emitted too, and that rule ignores it.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalFunctionSpec, QueueRef } from '../deployment';
import {
  alarmReason,
  deadLetterAlarmEvent,
  INITIAL_ALARM_REASON,
  type AlarmState,
} from './alarm-event';

interface WatchedAlarm {
  readonly alarmName: string;
  readonly queue: QueueRef;
  state: AlarmState;
  since: Date;
  reason: string;
}

export class DeadLetterAlarms {
  private readonly alarms: WatchedAlarm[];
  private running: Promise<number> | undefined;
  /** The evaluation that starts when the running one ends, shared by the calls made meanwhile. */
  private next: Promise<number> | undefined;
  private changes = 0;

  constructor(
    private readonly cloud: LocalCloud,
    private readonly sqs: SQSClient,
    functions: readonly LocalFunctionSpec[],
    private readonly warn: (message: string, error: unknown) => void,
  ) {
    const now = new Date();
    this.alarms = functions.flatMap((spec) =>
      spec.deadLetterAlarmName !== undefined && spec.trigger.kind !== 'direct'
        ? [
            {
              alarmName: spec.deadLetterAlarmName,
              queue: spec.trigger.deadLetterQueue,
              state: 'OK',
              since: now,
              reason: INITIAL_ALARM_REASON,
            },
          ]
        : [],
    );
  }

  get names(): readonly string[] {
    return this.alarms.map((alarm) => alarm.alarmName);
  }

  /** State changes emitted since the alarms were created. */
  get changesEmitted(): number {
    return this.changes;
  }

  /**
   * Evaluates every alarm, reading each queue after this call, and emits the state changes;
   * resolves to how many that evaluation emitted. A call made while an evaluation runs does not
   * share it (its reads may predate the call, and miss a message moved meanwhile): it waits for
   * the next one, which the calls made meanwhile share.
   */
  evaluate(): Promise<number> {
    if (this.running === undefined) return this.start();
    const startNext = () => {
      this.next = undefined;
      return this.start();
    };
    // Started however the running one ends, so a failed evaluation cannot hold up the next.
    this.next ??= this.running.then(startNext, startNext);
    return this.next;
  }

  private start(): Promise<number> {
    const run = this.evaluateAll().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async evaluateAll(): Promise<number> {
    let emitted = 0;
    for (const alarm of this.alarms) {
      let visible: number;
      try {
        visible = await this.visibleMessages(alarm.queue);
      } catch (error) {
        // Missing data: CloudWatch keeps the state (treatMissingData NOT_BREACHING keeps OK).
        this.warn(`reading ${alarm.queue.name} for ${alarm.alarmName} failed`, error);
        continue;
      }
      const state: AlarmState = visible > 0 ? 'ALARM' : 'OK';
      if (state === alarm.state) continue;
      const input = {
        alarmName: alarm.alarmName,
        queueName: alarm.queue.name,
        region: this.cloud.region,
        accountId: this.cloud.accountId,
        visibleMessages: visible,
        state,
        previousState: alarm.state,
        previousSince: alarm.since,
        previousReason: alarm.reason,
        now: new Date(),
      };
      this.cloud.emitServiceEvent(deadLetterAlarmEvent(input));
      alarm.state = state;
      alarm.since = input.now;
      alarm.reason = alarmReason(input).reason;
      emitted += 1;
      this.changes += 1;
    }
    return emitted;
  }

  private async visibleMessages(queue: QueueRef): Promise<number> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  }
}
