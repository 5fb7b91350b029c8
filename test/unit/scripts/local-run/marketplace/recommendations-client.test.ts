import type { RecommendationsAnswer } from '../../../../../infra/aws/facts/recommendations';
import {
  askRecommendations,
  fetchRecommendations,
  RecommendationsFetchError,
} from '../../../../../scripts/local-run/marketplace/recommendations-client';
import type { SignedAnswer } from '../../../../../scripts/local-run/marketplace/signed-fetch';

interface Asked {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

type Reply = SignedAnswer | Error | ((asked: Asked) => Promise<SignedAnswer>);

/** A fake API: answers each GET with the next of `replies`, then with `otherwise` of the user. */
function fakeApi(replies: Reply[] = [], otherwise = (userId: string) => ok(answerFor(userId))) {
  const asked: Asked[] = [];
  const get = (path: string, query: Readonly<Record<string, string>> = {}) => {
    asked.push({ path, query });
    const next = replies.shift();
    if (next === undefined)
      return Promise.resolve(otherwise(decodeURIComponent(path.split('/').at(-1)!)));
    if (next instanceof Error) return Promise.reject(next);
    return typeof next === 'function' ? next({ path, query }) : Promise.resolve(next);
  };
  return { get, asked };
}

const noSleep = () => Promise.resolve();
const ok = (answer: unknown): SignedAnswer => ({ status: 200, body: JSON.stringify(answer) });

function answerFor(userId: string, changes: Partial<RecommendationsAnswer> = {}) {
  return {
    user_id: userId,
    strategy: 'personalised',
    model_date: '2026-03-02',
    generated_at: '2026-03-03T10:00:00.000Z',
    recommendations: [
      { product_id: 'P000002', rank: 1, score: 0.9, reason: 'related', because_of: 'P000001' },
      { product_id: 'P000007', rank: 2, score: 12, reason: 'popular' },
    ],
    ...changes,
  };
}

describe('fetchRecommendations', () => {
  it('asks GET /v1/<resource>/<user id, encoded>?limit and returns the answer as sent', async () => {
    const { get, asked } = fakeApi();

    // An id the contract admits (letters, digits and `._:@-`) whose `:` and `@` are escaped.
    const answer = await fetchRecommendations(get, 'recommendations', 'C:01@shop', 10);

    expect(asked).toEqual([{ path: '/v1/recommendations/C%3A01%40shop', query: { limit: '10' } }]);
    expect(answer).toEqual(answerFor('C:01@shop'));
  });

  it('asks again after a 429, a 5xx or a broken connection, then takes the answer', async () => {
    const { get, asked } = fakeApi([
      { status: 429, body: '{}' },
      { status: 503, body: '{}' },
      new Error('socket hang up'),
    ]);
    const delays: number[] = [];

    await fetchRecommendations(get, 'recommendations', 'C0000001', 10, {
      retryDelaysMs: [1, 2, 3],
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });

    expect(asked).toHaveLength(4);
    expect(delays).toEqual([1, 2, 3]);
  });

  it('fails with the last answer once the retries are spent', async () => {
    const { get } = fakeApi([
      { status: 502, body: 'bad gateway' },
      { status: 502, body: 'bad gateway' },
    ]);

    await expect(
      fetchRecommendations(get, 'recommendations', 'C0000001', 10, {
        retryDelaysMs: [1],
        sleep: noSleep,
      }),
    ).rejects.toThrow(/after 2 attempts: 502 bad gateway/);
  });

  it('fails on a refusal without asking again', async () => {
    const { get, asked } = fakeApi([{ status: 403, body: '{"message":"Forbidden"}' }]);

    const failure = fetchRecommendations(get, 'recommendations', 'C0000001', 10, {
      sleep: noSleep,
    });

    await expect(failure).rejects.toThrow(RecommendationsFetchError);
    await expect(failure).rejects.toThrow(/answered 403: \{"message":"Forbidden"\}/);
    expect(asked).toHaveLength(1);
  });

  it.each([
    ['a body that is not JSON', { status: 200, body: '<html>' }, /not JSON/],
    ['a missing field', ok({ ...answerFor('C1'), generated_at: undefined }), /\/generated_at/],
    ['a field the contract lacks', ok({ ...answerFor('C1'), extra: 1 }), /extra/],
    [
      'an unknown reason',
      ok(
        answerFor('C1', {
          recommendations: [
            { product_id: 'P1', rank: 1, score: 1, reason: 'because' as 'popular' },
          ],
        }),
      ),
      /\/recommendations\/0\/reason/,
    ],
    ['another user', ok(answerFor('C2')), /user_id is C2, not C1/],
    [
      'more than the limit',
      ok(
        answerFor('C1', {
          strategy: 'popular',
          recommendations: ['P1', 'P2', 'P3'].map((product_id, index) => ({
            product_id,
            rank: index + 1,
            score: 1,
            reason: 'popular' as const,
          })),
        }),
      ),
      /3 recommendations, over the limit 2/,
    ],
    [
      'ranks out of order',
      ok(
        answerFor('C1', {
          strategy: 'popular',
          recommendations: [
            { product_id: 'P1', rank: 2, score: 1, reason: 'popular' },
            { product_id: 'P2', rank: 1, score: 1, reason: 'popular' },
          ],
        }),
      ),
      /ranks/,
    ],
    [
      'a product twice',
      ok(
        answerFor('C1', {
          strategy: 'popular',
          recommendations: [
            { product_id: 'P1', rank: 1, score: 1, reason: 'popular' },
            { product_id: 'P1', rank: 2, score: 1, reason: 'popular' },
          ],
        }),
      ),
      /twice/,
    ],
    ['products without a model', ok(answerFor('C1', { model_date: null })), /model_date null/],
    [
      'a personalised answer with no related product',
      ok(
        answerFor('C1', {
          recommendations: [{ product_id: 'P1', rank: 1, score: 1, reason: 'popular' }],
        }),
      ),
      /strategy personalised with no related product/,
    ],
  ])('fails on %s, naming what breaks the contract', async (_, reply, message) => {
    const { get } = fakeApi([reply]);

    await expect(fetchRecommendations(get, 'recommendations', 'C1', 2)).rejects.toThrow(message);
  });

  it('takes an empty answer before the first export', async () => {
    const empty = answerFor('C1', { strategy: 'popular', model_date: null, recommendations: [] });
    const { get } = fakeApi([ok(empty)]);

    await expect(fetchRecommendations(get, 'recommendations', 'C1', 10)).resolves.toEqual(empty);
  });
});

describe('askRecommendations', () => {
  it('asks for every customer, at most `concurrency` at once, and keys the answers by customer', async () => {
    let running = 0;
    let most = 0;
    const ids = Array.from({ length: 25 }, (_, index) => `C${index}`);
    const slow = async (asked: Asked) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return ok(answerFor(asked.path.split('/').at(-1)!));
    };
    const { get } = fakeApi(ids.map(() => slow));

    const asked = await askRecommendations(get, 'recommendations', ids, {
      limit: 10,
      concurrency: 4,
    });

    expect(most).toBe(4);
    expect([...asked.keys()]).toEqual(ids);
    for (const id of ids) {
      expect(asked.get(id)!.answer.user_id).toBe(id);
      expect(asked.get(id)!.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails when any customer’s answer breaks the contract', async () => {
    const { get } = fakeApi([], (userId) => ok(answerFor(userId === 'C3' ? 'C4' : userId)));

    await expect(
      askRecommendations(get, 'recommendations', ['C1', 'C2', 'C3'], { limit: 10 }),
    ).rejects.toThrow(/recommendations\/C3\?limit=10 broke the answer's contract/);
  });
});
