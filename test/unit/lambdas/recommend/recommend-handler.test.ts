import type { APIGatewayProxyResult } from 'aws-lambda';
import { loadPlatform } from '../../../../infra/platform';
import {
  RECOMMEND_DEFAULTS,
  recommendationsResourcePath,
} from '../../../../infra/aws/facts/recommend';
import { createRecommendHandler } from '../../../../lambdas/recommend/recommend-handler';
import { createRecommender } from '../../../../lambdas/recommend/recommender';
import { snapshotPointerCache } from '../../../../lambdas/recommend/snapshot-pointer';
import { restApiEvent } from '../../../fixtures/events/api-gateway';
import {
  AS_OF_DATE,
  NOW,
  activity,
  daysAgo,
  fakeReads,
  hoursAgo,
  pointer,
  popular,
  profile,
  purchase,
  related,
  type FakeTables,
} from '../../../fixtures/recommendation-items';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';

const recommendations = loadPlatform('dev').marketplaceApi.recommendations;
const RESOURCE = recommendationsResourcePath(recommendations);
const ORIGIN = 'https://marketplace.dev.hybrid-lake.example';

function handlerOver(tables: FakeTables) {
  const fake = fakeReads(tables);
  const { logger, logs } = recordingLogger();
  const { metrics, sum } = recordingMetrics();
  const handle = createRecommendHandler({
    request: { ...recommendations, resourcePath: RESOURCE },
    recommend: createRecommender({
      dynamodb: fake.reads,
      tables: { recentActivityTableName: 'activity', modelTableName: 'model' },
      settings: recommendations,
      snapshotPointer: () =>
        snapshotPointerCache({
          dynamodb: fake.reads,
          tableName: 'model',
          maxAgeMs: 60_000,
          now: () => NOW.getTime(),
          logger,
        }).current(),
      unprocessedKeysRetry: {
        ...RECOMMEND_DEFAULTS.unprocessedKeysRetry,
        sleep: () => Promise.resolve(),
        random: () => 0,
      },
      now: () => NOW,
    }),
    responses: { allowedOrigin: ORIGIN },
    answerMaxAgeSeconds: RECOMMEND_DEFAULTS.answerMaxAgeSeconds,
    logger,
    metrics,
  });
  return { handle, fake, logs, sum };
}

const get = (userId: string, query: Record<string, string> | null = null) =>
  restApiEvent({
    method: 'GET',
    resource: RESOURCE,
    path: `/v1/recommendations/${encodeURIComponent(userId)}`,
    pathParameters: { user_id: userId },
    queryStringParameters: query,
  });

const bodyOf = (response: APIGatewayProxyResult) =>
  JSON.parse(response.body) as Record<string, any>;

const MODEL = [
  pointer(),
  related('P1', [
    ['P2', 0.9],
    ['P3', 0.4],
  ]),
  related('P7', [['P8', 0.6]]),
  popular('DE', [
    ['P2', 900],
    ['P5', 450],
    ['P6', 300],
  ]),
  popular('*', [
    ['P9', 5000],
    ['P5', 4000],
  ]),
  profile('C0000042', 'DE', [['P7', daysAgo(60)]]),
];

describe('createRecommendHandler', () => {
  it("answers 200 with the blend of the user's activity, profile and country, cacheable privately", async () => {
    const { handle, fake, sum } = handlerOver({
      activity: [
        activity('C0000042', 'P1', 'view', hoursAgo(1)),
        purchase('C0000042', 'P3', daysAgo(2), 'FR'),
      ],
      model: MODEL,
    });

    const response = await handle(get('C0000042', { limit: '4' }));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/json',
      'Cache-Control': 'private, max-age=30',
      'Access-Control-Allow-Origin': ORIGIN,
      Vary: 'Origin',
    });
    // P3 was just bought; P1 (viewed now) outweighs P7 (bought 60 days ago); DE fills the rest.
    expect(bodyOf(response)).toEqual({
      user_id: 'C0000042',
      strategy: 'personalised',
      model_date: AS_OF_DATE,
      generated_at: NOW.toISOString(),
      recommendations: [
        { product_id: 'P2', rank: 1, score: 0.63, reason: 'related', because_of: 'P1' },
        { product_id: 'P8', rank: 2, score: 0.15, reason: 'related', because_of: 'P7' },
        { product_id: 'P5', rank: 3, score: 0.5, reason: 'popular' },
        { product_id: 'P6', rank: 4, score: 0.3333, reason: 'popular' },
      ],
    });
    // One Query, the pointer and the profile, then one BatchGetItem for everything else.
    expect(fake.calls.query).toHaveLength(1);
    expect(fake.calls.get.map((call) => call.Key)).toEqual([
      { pk: 'snapshot', sk: 'current' },
      { pk: 'customer#C0000042', sk: AS_OF_DATE },
    ]);
    expect(fake.calls.batchGet).toHaveLength(1);
    expect(
      fake.calls.batchGet[0]!.RequestItems!.model!.Keys!.map((key) => key.pk as string).sort(),
    ).toEqual(['popular#*', 'popular#DE', 'product#P1', 'product#P3', 'product#P7']);
    expect(sum('RecommendationsAnswered', 'personalised')).toBe(1);
  });

  it('answers an unknown user with the best sellers everywhere, never 404', async () => {
    const { handle, fake } = handlerOver({ activity: [], model: MODEL });

    const response = await handle(get('NOBODY', { limit: '2' }));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      strategy: 'popular',
      recommendations: [
        { product_id: 'P9', rank: 1, reason: 'popular' },
        { product_id: 'P5', rank: 2, reason: 'popular' },
      ],
    });
    expect(fake.calls.batchGet[0]!.RequestItems!.model!.Keys).toEqual([
      { pk: 'popular#*', sk: AS_OF_DATE },
    ]);
  });

  it("uses the newest activity's country when the model has no profile yet", async () => {
    const { handle } = handlerOver({
      activity: [purchase('NEW', 'P1', hoursAgo(3), 'DE')],
      model: MODEL,
    });

    const body = bodyOf(await handle(get('NEW', { limit: '3' })));

    // P1 is just bought; its related P2 leads, then DE's best sellers.
    const recommended = body.recommendations as { product_id: string }[];
    expect(recommended.map((each) => each.product_id)).toEqual(['P2', 'P3', 'P5']);
  });

  it('answers an empty list with no model date before the first export', async () => {
    const { handle, fake, sum } = handlerOver({
      activity: [activity('C0000042', 'P1', 'view', hoursAgo(1))],
      model: [],
    });

    const response = await handle(get('C0000042'));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      user_id: 'C0000042',
      strategy: 'popular',
      model_date: null,
      generated_at: NOW.toISOString(),
      recommendations: [],
    });
    expect(fake.calls.batchGet).toHaveLength(0);
    expect(sum('RecommendationsAnswered', 'no-model')).toBe(1);
  });

  it('refuses a bad parameter with a problem document naming it, before any read', async () => {
    const { handle, fake, sum } = handlerOver({ activity: [], model: MODEL });

    const response = await handle(get('C0000042', { limit: '500' }));

    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': ORIGIN,
    });
    expect(bodyOf(response)).toEqual({
      type: 'about:blank',
      title: 'Invalid parameters',
      status: 400,
      detail: `bad parameter: limit must be an integer from 1 to ${recommendations.maxLimit}`,
      errors: [
        {
          in: 'query',
          parameter: 'limit',
          message: `must be an integer from 1 to ${recommendations.maxLimit}`,
        },
      ],
    });
    expect(fake.calls.query).toHaveLength(0);
    expect(sum('RequestsRejected', RESOURCE)).toBe(1);
  });

  it('answers 503 with Retry-After when DynamoDB fails, and logs the cause', async () => {
    const { handle, fake, logs, sum } = handlerOver({ activity: [], model: MODEL });
    fake.failWith = Object.assign(new Error('Throughput exceeds the current capacity'), {
      name: 'ThrottlingException',
    });

    const response = await handle(get('C0000042'));

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Retry-After': '1',
      'Access-Control-Allow-Origin': ORIGIN,
    });
    expect(bodyOf(response)).toMatchObject({ status: 503, title: 'Service unavailable' });
    const errors = logs.filter((log) => log.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extra[0]).toMatchObject({ error: { name: 'ModelReadError' } });
    expect(sum('RequestsFailed', RESOURCE)).toBe(1);
  });
});
