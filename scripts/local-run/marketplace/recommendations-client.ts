/**
 * The marketplace asking the platform for recommendations, for the local run: a signed
 * `GET /v1/<resource>/{user_id}?limit=N` per customer, a bounded number at once, each answer held
 * to the contract (`RecommendationsAnswer`) before anything is judged on it. A 429, a 5xx or a
 * broken connection is asked again after a back-off (a GET changes nothing); any other answer, or
 * one that breaks the contract, fails the run with what came back.
 */
import { z } from 'zod';
import type { RecommendationsAnswer } from '../../../infra/aws/facts/recommendations';
import { API_VERSION_PATH } from '../../../infra/aws/facts/api';
import { recommendationsAnswerSchema } from '../../../infra/aws/marketplace-api/recommendations-schema';
import { PLATFORM_DEFINITION } from '../../../infra/platform';
import { mapConcurrently } from '../../../lambdas/shared/concurrency';
import { RETRY_DELAYS_MS } from './marketplace-sender';
import type { SignedAnswer, SignedGet } from './signed-fetch';

/** Customers asked at once: the local API's function serves a handful of requests in parallel. */
export const DEFAULT_CONCURRENCY = 8;

/** The API gave no usable answer: a refusal, a broken contract, or no answer in all the retries. */
export class RecommendationsFetchError extends Error {
  override readonly name = 'RecommendationsFetchError';
}

/**
 * The answer's schema the OpenAPI document publishes (held to `RecommendationsAnswer` by the type
 * checker), with its time also required to parse.
 */
const answerSchema = recommendationsAnswerSchema(
  PLATFORM_DEFINITION.marketplaceApi.recommendations,
).extend({
  generated_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'must be a time'),
});

export interface FetchOptions {
  /** @default RETRY_DELAYS_MS (the marketplace sender's) */
  readonly retryDelaysMs?: readonly number[];
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** One customer's recommendations, checked against the contract. */
export async function fetchRecommendations(
  get: SignedGet,
  resource: string,
  userId: string,
  limit: number,
  options: FetchOptions = {},
): Promise<RecommendationsAnswer> {
  const path = `${API_VERSION_PATH}/${resource}/${encodeURIComponent(userId)}`;
  const request = `GET ${path}?limit=${limit}`;
  const answer = await getUntilAnswered(
    () => get(path, { limit: String(limit) }),
    request,
    options,
  );
  if (answer.status !== 200)
    throw new RecommendationsFetchError(
      `${request} answered ${answer.status}: ${answer.body.slice(0, 300)}`,
    );
  return checkedAnswer(answer.body, userId, limit, request);
}

/** One customer's answer, and how long it took to come (ms, the retries included). */
export interface AskedRecommendations {
  readonly answer: RecommendationsAnswer;
  readonly ms: number;
}

/** Every customer's recommendations, at most `concurrency` asked at once, by customer id. */
export async function askRecommendations(
  get: SignedGet,
  resource: string,
  userIds: readonly string[],
  options: FetchOptions & { readonly limit: number; readonly concurrency?: number },
): Promise<Map<string, AskedRecommendations>> {
  const asked = await mapConcurrently(
    userIds,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (userId) => {
      const started = performance.now();
      const answer = await fetchRecommendations(get, resource, userId, options.limit, options);
      return [userId, { answer, ms: performance.now() - started }] as const;
    },
  );
  return new Map(asked);
}

/** Asks until the answer is one to judge (not a 429, a 5xx or a broken connection). */
async function getUntilAnswered(
  send: () => Promise<SignedAnswer>,
  request: string,
  options: FetchOptions,
): Promise<SignedAnswer> {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt += 1) {
    let answer: SignedAnswer | undefined;
    let failure: unknown;
    try {
      answer = await send();
    } catch (error) {
      failure = error;
    }
    if (answer !== undefined && answer.status !== 429 && answer.status < 500) return answer;
    const delay = delays[attempt];
    if (delay === undefined)
      throw new RecommendationsFetchError(
        `${request} had no answer after ${attempt + 1} attempts: ${
          answer ? `${answer.status} ${answer.body.slice(0, 200)}` : String(failure)
        }`,
        { cause: failure },
      );
    await sleep(delay);
  }
}

/** The body as the contract has it, or an error naming what breaks it. */
function checkedAnswer(
  body: string,
  userId: string,
  limit: number,
  request: string,
): RecommendationsAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new RecommendationsFetchError(`${request} answered 200 with a body that is not JSON`, {
      cause,
    });
  }
  const parsed = answerSchema.safeParse(json);
  const broken = (problem: string) =>
    new RecommendationsFetchError(`${request} broke the answer's contract: ${problem}`);
  if (!parsed.success)
    throw broken(
      parsed.error.issues.map((issue) => `/${issue.path.join('/')} ${issue.message}`).join('; '),
    );
  const answer = parsed.data;
  const list = answer.recommendations;
  if (answer.user_id !== userId) throw broken(`user_id is ${answer.user_id}, not ${userId}`);
  if (list.length > limit) throw broken(`${list.length} recommendations, over the limit ${limit}`);
  if (list.some((each, index) => each.rank !== index + 1))
    throw broken('ranks are not 1, 2, 3… in order');
  if (new Set(list.map((each) => each.product_id)).size !== list.length)
    throw broken('a product is recommended twice');
  if (answer.model_date === null && list.length > 0)
    throw broken('recommendations without a model (model_date null)');
  const personalised = list.some((each) => each.reason === 'related');
  if ((answer.strategy === 'personalised') !== personalised)
    throw broken(
      `strategy ${answer.strategy} with ${personalised ? 'a related product' : 'no related product'}`,
    );
  return answer;
}
