import {
  processAlertEvent,
  type AlertDependencies,
} from '../../../../lambdas/failure-alerts/alert-processor';
import { FlushIncompleteError } from '../../../../lambdas/failure-alerts/errors';
import { snsPublisher, type Publish } from '../../../../lambdas/failure-alerts/publish';
import { SCHEDULED_EVENT, glueJobEvent } from '../../../fixtures/events/failure-alerts';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  WINDOW_SECONDS,
  alertDependencies,
  dedupeItems,
  receiveNotifications,
  setUpAlerting,
  sharedClock,
  type Alerting,
  type TestClock,
} from './alert-fixtures';

const cloud = useLocalCloud();
let alerting: Alerting;
let clock: TestClock;
beforeEach(async () => {
  alerting = await setUpAlerting(cloud());
  clock = sharedClock(cloud());
});

const failure = (index: number) => glueJobEvent({ jobRunId: `jr_${index}` }, `event-${index}`);
// A real SNS error the SDK does not retry: the topic's KMS key refused the publisher.
const KMS_DENIED = { code: 'KMSAccessDenied', status: 400 };

describe('publishing fails', () => {
  it('for the first occurrence: the window is taken back, and the retried event is published', async () => {
    const { deps } = alertDependencies(alerting, clock);
    cloud().faults.inject({ service: 'sns', operation: 'Publish', times: 1, error: KMS_DENIED });

    await expect(processAlertEvent(failure(1), deps)).rejects.toMatchObject({
      name: 'KMSAccessDeniedException',
    });
    expect(await dedupeItems(alerting)).toHaveLength(0);
    const retried = await processAlertEvent(failure(1), deps);

    expect(retried.outcome).toBe('published');
    expect(await receiveNotifications(alerting)).toHaveLength(1);
  });

  it('while repeats are counted meanwhile: the summary carries them and the retry, each once', async () => {
    const base = alertDependencies(alerting, clock).deps;
    const real = snsPublisher(alerting.sns, alerting.topicArn);
    let calls = 0;
    const publish: Publish = async (notification) => {
      calls += 1;
      if (calls > 1) return real(notification);
      // Three repeats arrive while the first publish is in flight, then it fails.
      await Promise.all(
        [2, 3, 4].map((i) => processAlertEvent(failure(i), withPublish(base, real))),
      );
      throw Object.assign(new Error('KMS key refused'), { name: 'KMSAccessDenied' });
    };

    await expect(processAlertEvent(failure(1), withPublish(base, publish))).rejects.toThrow(
      'KMS key refused',
    );
    const retried = await processAlertEvent(failure(1), withPublish(base, real));
    clock.advance(WINDOW_SECONDS * 1000);
    await processAlertEvent(SCHEDULED_EVENT, withPublish(base, real));

    expect(retried.outcome).toBe('counted');
    const notifications = await receiveNotifications(alerting);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.json).toMatchObject({ kind: 'summary', repeats: { count: 4 } });
  });

  it('during a flush: the flush fails loudly, keeps the count, and the next flush reports it', async () => {
    const { deps, observed } = alertDependencies(alerting, clock);
    for (const index of [1, 2, 3]) await processAlertEvent(failure(index), deps);
    await receiveNotifications(alerting);
    clock.advance(WINDOW_SECONDS * 1000);
    // After a clock jump of minutes the SDK treats an error as a clock-skew correction and
    // retries it, so the fault covers every attempt; what is left is cleared afterwards.
    cloud().faults.inject({ service: 'sns', operation: 'Publish', times: 3, error: KMS_DENIED });

    await expect(processAlertEvent(SCHEDULED_EVENT, deps)).rejects.toBeInstanceOf(
      FlushIncompleteError,
    );
    cloud().faults.clear();
    expect(observed.logs.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(await dedupeItems(alerting)).toHaveLength(1);
    const next = await processAlertEvent(SCHEDULED_EVENT, deps);

    expect(next).toMatchObject({ outcome: 'flushed', summaries: 1 });
    const notifications = await receiveNotifications(alerting);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.json.repeats?.count).toBe(2);
  });

  it('a reporter that dies holding the lease delays the summary until the lease lapses, nothing more', async () => {
    const base = alertDependencies(alerting, clock).deps;
    const real = snsPublisher(alerting.sns, alerting.topicArn);
    for (const index of [1, 2]) await processAlertEvent(failure(index), withPublish(base, real));
    await receiveNotifications(alerting);
    clock.advance(WINDOW_SECONDS * 1000);
    // The summary reaches SNS, then the reporter dies before recording it.
    const dying: Publish = async (notification) => {
      await real(notification);
      throw new Error('container frozen');
    };

    await expect(processAlertEvent(SCHEDULED_EVENT, withPublish(base, dying))).rejects.toThrow();
    const [held] = await dedupeItems(alerting);
    expect(held?.reported).toEqual({ N: '1' });
    clock.advance(61_000);
    await processAlertEvent(SCHEDULED_EVENT, withPublish(base, real));

    // At least once: a summary can repeat after a crash, but is never lost.
    const notifications = await receiveNotifications(alerting);
    expect(notifications.map((n) => n.json.repeats?.count)).toEqual([1, 1]);
    expect(await dedupeItems(alerting)).toHaveLength(0);
  });
});

function withPublish(deps: AlertDependencies, publish: Publish): AlertDependencies {
  return { ...deps, publish };
}
