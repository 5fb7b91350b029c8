/**
 * The recommendations path of the OpenAPI document against the function: Ajv, validating with
 * the document's own schemas, must accept the answers and problems the handler gives and the
 * parameters it takes, and refuse what it refuses.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadPlatform } from '../../../../../infra/platform';
import { marketplaceOpenApi } from '../../../../../infra/aws/marketplace-api/openapi';
import { recommendationsResourcePath } from '../../../../../infra/aws/facts/recommend';
import { RECOMMEND_DEFAULTS } from '../../../../../infra/aws/facts/recommend';
import { readRecommendationsRequest } from '../../../../../lambdas/recommend/request';
import { createRecommendHandler } from '../../../../../lambdas/recommend/recommend-handler';
import { createRecommender } from '../../../../../lambdas/recommend/recommender';
import { restApiEvent } from '../../../../fixtures/events/api-gateway';
import {
  NOW,
  activity,
  fakeReads,
  hoursAgo,
  pointer,
  popular,
  related,
  type ModelItem,
} from '../../../../fixtures/recommendation-items';
import { recordingLogger, recordingMetrics } from '../../../../fixtures/recording-observability';

const platform = loadPlatform('prod');
const recommendations = platform.marketplaceApi.recommendations;
const RESOURCE = recommendationsResourcePath(recommendations);
const document = marketplaceOpenApi(platform) as {
  components: { schemas: Record<string, object> };
  paths: Record<
    string,
    { get: { parameters: { name: string; schema: object }[]; responses: Record<string, any> } }
  >;
};
const operation = document.paths[RESOURCE]!.get;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const [name, schema] of Object.entries(document.components.schemas))
  ajv.addSchema(schema, `#/components/schemas/${name}`);
const validAnswer = ajv.compile({ $ref: '#/components/schemas/RecommendationsAnswer' });
const validProblem = ajv.compile({ $ref: '#/components/schemas/Problem' });
const parameterSchema = (name: string) =>
  ajv.compile(operation.parameters.find((parameter) => parameter.name === name)!.schema);

function handlerOver(model: ModelItem[]) {
  const fake = fakeReads({
    activity: [activity('C1', 'P1', 'view', hoursAgo(1))],
    model,
  });
  return createRecommendHandler({
    request: { ...recommendations, resourcePath: RESOURCE },
    recommend: createRecommender({
      dynamodb: fake.reads,
      tables: { recentActivityTableName: 'activity', modelTableName: 'model' },
      settings: recommendations,
      snapshotPointer: () => Promise.resolve(model.length > 0 ? pointer() : undefined),
      unprocessedKeysRetry: {
        ...RECOMMEND_DEFAULTS.unprocessedKeysRetry,
        sleep: () => Promise.resolve(),
        random: () => 0,
      },
      now: () => NOW,
    }),
    responses: {},
    answerMaxAgeSeconds: RECOMMEND_DEFAULTS.answerMaxAgeSeconds,
    logger: recordingLogger().logger,
    metrics: recordingMetrics().metrics,
  });
}

/** An answer as JSON, to be broken field by field. */
interface Answer {
  readonly [field: string]: unknown;
  readonly recommendations: readonly Record<string, unknown>[];
}

const get = (userId: string, query: Record<string, string> | null = null) =>
  restApiEvent({
    method: 'GET',
    resource: RESOURCE,
    path: `/v1/recommendations/${encodeURIComponent(userId)}`,
    pathParameters: { user_id: userId },
    queryStringParameters: query,
  });

describe('the recommendations answer schema', () => {
  const model = [
    pointer(),
    related('P1', [
      ['P2', 0.8],
      ['P3', 0.4],
    ]),
    popular('*', [['P9', 40]]),
  ];

  it.each([
    ['personalised', model],
    ['before the first export', []],
  ])('accepts what the handler answers (%s)', async (_what, items) => {
    const response = await handlerOver(items)(get('C1'));

    expect(response.statusCode).toBe(200);
    expect(validAnswer(JSON.parse(response.body))).toBe(true);
  });

  it.each([
    ['an unknown field', (answer: Answer) => ({ ...answer, debug: true })],
    [
      'a rank of 0',
      (answer: Answer) => ({
        ...answer,
        recommendations: [{ ...answer.recommendations[0], rank: 0 }],
      }),
    ],
    [
      'another reason',
      (answer: Answer) => ({
        ...answer,
        recommendations: [{ ...answer.recommendations[0], reason: 'trending' }],
      }),
    ],
    ['no model_date', ({ model_date: _, ...answer }: Answer) => answer],
    ['a model_date that is no date', (answer: Answer) => ({ ...answer, model_date: 'yesterday' })],
    [
      'more than maxLimit products',
      (answer: Answer) => ({
        ...answer,
        recommendations: Array.from({ length: recommendations.maxLimit + 1 }, (_, index) => ({
          ...answer.recommendations[0],
          rank: index + 1,
        })),
      }),
    ],
  ])('refuses an answer with %s, so the check can fail', async (_what, breakIt) => {
    const answer = JSON.parse((await handlerOver(model)(get('C1'))).body) as Answer;

    expect(validAnswer(answer)).toBe(true);
    expect(validAnswer(breakIt(answer))).toBe(false);
  });

  it('accepts the problem documents the handler answers, a bad parameter named', async () => {
    const response = await handlerOver(model)(get('C 1', { limit: '0', page: '2' }));

    expect(response.statusCode).toBe(400);
    expect(operation.responses['400']).toBeDefined();
    expect(validProblem(JSON.parse(response.body))).toBe(true);
  });

  it('says how long an answer may be kept, as the handler does', async () => {
    const response = await handlerOver(model)(get('C1'));

    expect(operation.responses['200'].headers['Cache-Control'].description).toContain(
      String(response.headers!['Cache-Control']),
    );
  });
});

describe('the recommendations parameters', () => {
  const settings = { ...recommendations, resourcePath: RESOURCE };
  const functionTakes = (userId: string, limit?: string) => {
    try {
      readRecommendationsRequest(get(userId, limit === undefined ? null : { limit }), settings);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    'C0000042',
    'a.b_c:d@e-f',
    'x'.repeat(128),
    'x'.repeat(129),
    'C 1',
    'C+1',
    'C%41',
    'Cé',
    'C#1',
    'C/1',
  ])('agree with the function on the user id %p', (userId) => {
    expect(parameterSchema('user_id')(userId)).toBe(functionTakes(userId));
  });

  it.each([
    0,
    1,
    recommendations.defaultLimit,
    recommendations.maxLimit,
    recommendations.maxLimit + 1,
    -3,
    2.5,
  ])('agree with the function on limit=%p', (limit) => {
    expect(parameterSchema('limit')(limit)).toBe(functionTakes('C1', String(limit)));
  });
});
