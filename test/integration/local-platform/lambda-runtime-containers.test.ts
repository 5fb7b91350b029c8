import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocalCloud } from '../../fixtures/localcloud';
import { directFunction, logDirectory, useLocalFunctions } from './lambda-runtime-fixtures';

const cloud = useLocalCloud();
const start = useLocalFunctions(cloud);

describe('containers', () => {
  it('runs module scope once per container and hands the handler a real context', async () => {
    const logs = logDirectory();
    const functions = await start(
      [
        directFunction('echo', 'echo', {
          environment: { FIXTURE_SETTING: 'from-cdk' },
          memoryMiB: 512,
        }),
      ],
      { logDirectory: logs },
    );

    const first = await functions.invoke('echo', { n: 1 });
    const second = await functions.invoke('echo', { n: 2 });

    expect(first.error).toBeUndefined();
    const payload = first.payload as Record<string, Record<string, unknown>>;
    const again = second.payload as Record<string, unknown>;
    expect(payload.event).toEqual({ n: 1 });
    expect(payload.context).toMatchObject({
      awsRequestId: first.requestId,
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${cloud().region}:${cloud().accountId}:function:echo`,
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/echo',
    });
    const remaining = payload.context!.remainingTimeInMillis as number;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(10_000);
    expect(again.containerStartedAt).toBe(payload.containerStartedAt);
    expect(again.invocationsInThisContainer).toBe(2);
    expect(functions.invocations().map((each) => each.coldStart)).toEqual([true, false]);
    expect(readFileSync(join(logs, 'echo.log'), 'utf8')).toContain(
      `"requestId":"${first.requestId}"`,
    );
  });

  it('stops a container left idle past the reclaim time, so the next invocation cold-starts', async () => {
    const functions = await start([directFunction('echo', 'echo')], { idleReclaimMs: 1 });
    const first = await functions.invoke('echo', { n: 1 });
    const { pid } = first.payload as { pid: number };
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    // Checked every 20 ms: a tighter loop would keep a core busy while the container stops.
    while (alive() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive()).toBe(false);

    const second = await functions.invoke('echo', { n: 2 });
    expect((second.payload as { pid: number }).pid).not.toBe(pid);
    expect(functions.invocations().map((each) => each.coldStart)).toEqual([true, true]);
  });

  it("gives the function Lambda's environment and localcloud's endpoint, nothing of the parent's", async () => {
    const functions = await start([
      directFunction('echo', 'echo', { environment: { FIXTURE_SETTING: 'from-cdk' } }),
    ]);

    const { payload } = await functions.invoke('echo', {});

    const { environment, timezoneOffset } = payload as {
      environment: Record<string, string | null>;
      timezoneOffset: number;
    };
    expect(environment).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/echo',
      AWS_ENDPOINT_URL: cloud().endpoint,
      AWS_REGION: cloud().region,
      POWERTOOLS_TRACE_ENABLED: 'false',
      FIXTURE_SETTING: 'from-cdk',
      TZ: 'UTC',
      JEST_WORKER_ID: null,
    });
    expect(environment.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/,
    );
    expect(timezoneOffset).toBe(0);
  });

  it('kills an invocation at the timeout and cold-starts the next one', async () => {
    const functions = await start([directFunction('sleeps', 'sleeps', { timeoutSeconds: 1 })]);

    const timedOut = await functions.invoke('sleeps', { sleepMs: 30_000 });
    const next = await functions.invoke('sleeps', { sleepMs: 1 });

    expect(timedOut.error).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 1.00 seconds`,
    });
    expect(next.payload).toEqual({ slept: 1 });
    expect(
      functions.invocations().map(({ outcome, coldStart }) => ({ outcome, coldStart })),
    ).toEqual([
      { outcome: 'timeout', coldStart: true },
      { outcome: 'success', coldStart: true },
    ]);
  });

  it('reports a crashed container as an error and replaces it', async () => {
    const functions = await start([directFunction('echo', 'echo')]);

    const crashed = await functions.invoke('echo', { exit: 3 });
    const next = await functions.invoke('echo', {});

    expect(crashed.error?.errorType).toBe('Runtime.ExitError');
    expect(crashed.error?.errorMessage).toContain('exit status 3');
    expect(
      (next.payload as { invocationsInThisContainer: number }).invocationsInThisContainer,
    ).toBe(1);
    expect(functions.invocations()[1]?.coldStart).toBe(true);
  });

  it('fails the invocation with the error module scope threw', async () => {
    const functions = await start([directFunction('init', 'init-fails')]);

    const result = await functions.invoke('init', {});

    expect(result.error).toMatchObject({
      errorType: 'ConfigurationError',
      errorMessage: 'Environment variable FIXTURE_REQUIRED is required but not set',
    });
    expect(functions.invocations()[0]).toMatchObject({ outcome: 'error', coldStart: true });
  });

  it('returns the error a handler throws, as Invoke does', async () => {
    const functions = await start([directFunction('throws', 'throws')]);

    const result = await functions.invoke('throws', {});

    expect(result.error).toMatchObject({
      errorType: 'DependencyUnavailableError',
      errorMessage: 'the downstream service did not answer',
    });
  });
});
