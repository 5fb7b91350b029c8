import { processAlertEvent } from '../../../../lambdas/failure-alerts/alert-processor';
import { UnsupportedEventError } from '../../../../lambdas/failure-alerts/errors';
import { FAILURES_BY_SOURCE, glueJobEvent } from '../../../fixtures/events/failure-alerts';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  RUNBOOK_BASE_URL,
  alertDependencies,
  dedupeItems,
  receiveNotifications,
  setUpAlerting,
  sharedClock,
  type Alerting,
} from './alert-fixtures';

const cloud = useLocalCloud();
let alerting: Alerting;
beforeEach(async () => {
  alerting = await setUpAlerting(cloud());
});

describe('one failure of each source', () => {
  it.each(FAILURES_BY_SOURCE)(
    '%s produces one message with its severity and source attributes',
    async (source, event) => {
      const { deps } = alertDependencies(alerting, sharedClock(cloud()));

      const outcome = await processAlertEvent(event, deps);

      const notifications = await receiveNotifications(alerting);
      expect(outcome.outcome).toBe('published');
      expect(notifications).toHaveLength(1);
      const [notification] = notifications;
      expect(notification!.attributes).toEqual({
        source,
        severity: notification!.json.severity,
      });
      expect(notification!.json).toMatchObject({
        kind: 'alert',
        source,
        environment: 'dev',
        runbookUrl: `${RUNBOOK_BASE_URL}/${source}.md`,
      });
      expect(notification!.subject).toMatch(/^\[dev\] (CRITICAL|ERROR|WARNING) /);
      expect(notification!.subject.length).toBeLessThan(100);
    },
  );

  it('publishes a repeat of a failure once per window and counts the rest', async () => {
    const { deps, observed } = alertDependencies(alerting, sharedClock(cloud()));

    const first = await processAlertEvent(glueJobEvent({ jobRunId: 'jr_1' }, 'id-1'), deps);
    const second = await processAlertEvent(glueJobEvent({ jobRunId: 'jr_2' }, 'id-2'), deps);
    const other = await processAlertEvent(glueJobEvent({ jobName: 'other-job' }, 'id-3'), deps);

    expect([first.outcome, second.outcome, other.outcome]).toEqual([
      'published',
      'counted',
      'published',
    ]);
    expect(await receiveNotifications(alerting)).toHaveLength(2);
    expect(observed.sum('RepeatsCounted')).toBe(1);
  });
});

describe('events that are not failures, and events that are not ours', () => {
  it('ignores a succeeded job without publishing or storing anything', async () => {
    const { deps, observed } = alertDependencies(alerting, sharedClock(cloud()));

    const outcome = await processAlertEvent(glueJobEvent({ state: 'SUCCEEDED' }), deps);

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'glue-job event reports no failure' });
    expect(await receiveNotifications(alerting)).toHaveLength(0);
    expect(await dedupeItems(alerting)).toHaveLength(0);
    expect(observed.sum('EventsIgnored')).toBe(1);
  });

  it('fails an unsupported event with a typed error, publishing nothing', async () => {
    const { deps } = alertDependencies(alerting, sharedClock(cloud()));

    await expect(
      processAlertEvent(
        { ...glueJobEvent({}), source: 'aws.s3', 'detail-type': 'Object Created' },
        deps,
      ),
    ).rejects.toBeInstanceOf(UnsupportedEventError);
    expect(await receiveNotifications(alerting)).toHaveLength(0);
  });
});
