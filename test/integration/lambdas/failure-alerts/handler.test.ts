import { GLUE_JOB_FAILED } from '../../../fixtures/events/failure-alerts';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  LAMBDA_CONTEXT,
  loadAlertHandler,
  receiveNotifications,
  setUpAlerting,
  type Alerting,
} from './alert-fixtures';

const cloud = useLocalCloud();
let alerting: Alerting;
beforeEach(async () => {
  alerting = await setUpAlerting(cloud());
});

describe('handler.ts, configured only by its environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const loadHandler = (env: Record<string, string>) => loadAlertHandler(cloud(), alerting, env);

  it('publishes a Glue failure with clients built at module scope', async () => {
    const handler = loadHandler({});

    const outcome = await handler(GLUE_JOB_FAILED, LAMBDA_CONTEXT);

    expect(outcome).toMatchObject({ outcome: 'published' });
    const [notification] = await receiveNotifications(alerting);
    expect(notification?.attributes).toEqual({ severity: 'error', source: 'glue-job' });
  });

  it('fails the invocation for an event it does not handle, so Lambda retries and dead-letters it', async () => {
    const handler = loadHandler({});

    await expect(handler({ hello: 'world' }, LAMBDA_CONTEXT)).rejects.toMatchObject({
      name: 'UnsupportedEventError',
    });
    expect(await receiveNotifications(alerting)).toHaveLength(0);
  });

  it('refuses to start for an environment the platform does not define', () => {
    expect(() => loadHandler({ PLATFORM_ENV: 'staging' })).toThrow(/unknown environment/);
  });
});
