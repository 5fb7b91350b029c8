import {
  DEFAULT_RETRY_POLICY,
  isRetryableCall,
  retryWithBackoff,
} from '../../../../lambdas/register-partitions/backoff';
import { backoffDelay, type RetryPolicy } from '../../../../lambdas/shared/backoff';
import { SdkLikeError } from './fake-catalog';

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    maxAttempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.999,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    sleeps,
    ...overrides,
  };
}

describe('backoffDelay (full jitter)', () => {
  it('waits a random share of a bound that doubles per retry, up to the cap', () => {
    const always = policy({ random: () => 0.999 });

    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, always))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  it('can wait nothing at all (the bottom of the jitter range)', () => {
    expect(backoffDelay(3, policy({ random: () => 0 }))).toBe(0);
  });

  it('scales the bound by the random draw', () => {
    expect(backoffDelay(2, policy({ random: () => 0.25 }))).toBe(100);
  });

  it('bounds the default policy’s total wait to a few seconds per chunk', () => {
    const { maxAttempts } = DEFAULT_RETRY_POLICY;
    const worst = policy({ ...DEFAULT_RETRY_POLICY, random: () => 1 });
    const total = Array.from({ length: maxAttempts - 1 }, (_, retry) =>
      backoffDelay(retry, worst),
    ).reduce((a, b) => a + b, 0);

    expect(total).toBe(3100);
  });
});

describe('isRetryableCall', () => {
  it.each([
    ['ThrottlingException', new SdkLikeError('ThrottlingException')],
    [
      'InternalServiceException',
      new SdkLikeError('InternalServiceException', 'x', { httpStatusCode: 500 }),
    ],
    ['any 5xx', new SdkLikeError('SomethingNew', 'x', { httpStatusCode: 503 })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('retries %s', (_what, error) => {
    expect(isRetryableCall(error)).toBe(true);
  });

  it.each([
    ['AccessDeniedException', new SdkLikeError('AccessDeniedException')],
    ['EntityNotFoundException', new SdkLikeError('EntityNotFoundException')],
    ['ValidationException', new SdkLikeError('ValidationException')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('does not retry %s', (_what, error) => {
    expect(isRetryableCall(error)).toBe(false);
  });
});

describe('retryWithBackoff', () => {
  it('retries only the items the attempt hands back, waiting between attempts', async () => {
    const retry = policy();
    const seen: string[][] = [];

    const left = await retryWithBackoff(
      ['a', 'b', 'c'],
      async (items) => {
        seen.push([...items]);
        await Promise.resolve();
        return seen.length === 1 ? ['b', 'c'] : seen.length === 2 ? ['c'] : [];
      },
      retry,
    );

    expect(left).toEqual([]);
    expect(seen).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
    expect(retry.sleeps).toEqual([99, 199]);
  });

  it('retries every item when the whole call is throttled', async () => {
    const retry = policy();
    let calls = 0;

    const left = await retryWithBackoff(
      ['a', 'b'],
      async () => {
        calls += 1;
        await Promise.resolve();
        if (calls < 3) throw new SdkLikeError('ThrottlingException');
        return [];
      },
      retry,
    );

    expect(left).toEqual([]);
    expect(calls).toBe(3);
    expect(retry.sleeps).toHaveLength(2);
  });

  it('gives up after maxAttempts and returns what is still not done, without a last wait', async () => {
    const retry = policy({ maxAttempts: 3 });
    let calls = 0;

    const left = await retryWithBackoff(
      ['a', 'b'],
      async (items) => {
        calls += 1;
        await Promise.resolve();
        return items.filter((item) => item === 'b');
      },
      retry,
    );

    expect(calls).toBe(3);
    expect(left).toEqual(['b']);
    expect(retry.sleeps).toHaveLength(2);
  });

  it('does not retry an error that retrying cannot fix', async () => {
    const retry = policy();
    let calls = 0;

    await expect(
      retryWithBackoff(
        ['a'],
        async () => {
          calls += 1;
          await Promise.resolve();
          throw new SdkLikeError('AccessDeniedException');
        },
        retry,
      ),
    ).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
    expect(retry.sleeps).toEqual([]);
  });
});
