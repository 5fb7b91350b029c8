import { randomUUID } from 'node:crypto';
import { GlueJobStateChangeSchema } from '../../../../../lambdas/shared/glue-events';
import {
  emitGlueJobStateChange,
  newJobRunId,
} from '../../../../../scripts/local-platform/glue-jobs';
import type { ServiceEvent } from '@hybrid-lake/localcloud';

/** Captures what would go on the bus, wrapped in the envelope EventBridge adds. */
function recordingCloud() {
  const emitted: unknown[] = [];
  return {
    emitted,
    emitServiceEvent: (event: ServiceEvent) => {
      emitted.push({
        version: '0',
        id: randomUUID(),
        account: '123456789012',
        region: 'eu-west-1',
        ...event,
      });
    },
  };
}

describe('emitGlueJobStateChange', () => {
  it('emits a SUCCEEDED event in the shape Glue sends', () => {
    const cloud = recordingCloud();

    const jobRunId = emitGlueJobStateChange(cloud, {
      jobName: 'hybrid-lake-dev-raw-to-clean',
      state: 'SUCCEEDED',
      time: new Date('2026-03-08T02:00:00.250Z'),
    });

    const [event] = cloud.emitted.map((raw) => GlueJobStateChangeSchema.parse(raw));
    expect(event).toMatchObject({
      source: 'aws.glue',
      'detail-type': 'Glue Job State Change',
      time: '2026-03-08T02:00:00Z',
      resources: [],
      detail: {
        jobName: 'hybrid-lake-dev-raw-to-clean',
        severity: 'INFO',
        state: 'SUCCEEDED',
        jobRunId,
        message: 'Job run succeeded',
      },
    });
  });

  it('emits FAILED with severity ERROR and the error as the message', () => {
    const cloud = recordingCloud();

    emitGlueJobStateChange(cloud, {
      jobName: 'hybrid-lake-dev-stream-to-raw-web-logs',
      state: 'FAILED',
      time: new Date('2026-03-08T02:00:00Z'),
      jobRunId: 'jr_given',
      message: 'Worker lost',
    });

    expect(GlueJobStateChangeSchema.parse(cloud.emitted[0]).detail).toEqual({
      jobName: 'hybrid-lake-dev-stream-to-raw-web-logs',
      severity: 'ERROR',
      state: 'FAILED',
      jobRunId: 'jr_given',
      message: 'Worker lost',
    });
  });

  it('makes run ids of jr_ and 64 hex digits, new each time', () => {
    const [first, second] = [newJobRunId(), newJobRunId()];

    expect(first).toMatch(/^jr_[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });
});
