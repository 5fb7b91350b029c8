import { loadPlatform } from '../../../../infra/platform';
import { recommendationsResourcePath } from '../../../../infra/aws/facts/recommend';
import { RequestRejectedError } from '../../../../lambdas/recommend/errors';
import { readRecommendationsRequest } from '../../../../lambdas/recommend/request';
import { restApiEvent } from '../../../fixtures/events/api-gateway';

const recommendations = loadPlatform('dev').marketplaceApi.recommendations;
const RESOURCE = recommendationsResourcePath(recommendations);
const settings = { ...recommendations, resourcePath: RESOURCE };

/** The event API Gateway sends for `GET /api/v1/recommendations/<raw>?<query>`. */
function get(
  userId: string | undefined,
  query: Record<string, string> | null = null,
  options: { method?: string; resource?: string } = {},
) {
  return restApiEvent({
    method: options.method ?? 'GET',
    resource: options.resource ?? RESOURCE,
    path: `/v1/recommendations/${encodeURIComponent(userId ?? '')}`,
    pathParameters: userId === undefined ? null : { user_id: userId },
    queryStringParameters: query,
  });
}

function refusal(run: () => unknown): RequestRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestRejectedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readRecommendationsRequest', () => {
  it('reads the user and the default limit', () => {
    expect(readRecommendationsRequest(get('C0000042'), settings)).toEqual({
      userId: 'C0000042',
      limit: recommendations.defaultLimit,
    });
  });

  it.each(['1', String(recommendations.maxLimit), '007'])('takes limit=%s', (limit) => {
    expect(readRecommendationsRequest(get('C1', { limit }), settings).limit).toBe(Number(limit));
  });

  it.each(['a.b_c:d@e-f', 'x'.repeat(128)])('takes the user id %s as decoded', (userId) => {
    expect(readRecommendationsRequest(get(userId), settings).userId).toBe(userId);
  });

  it.each([
    ['with a space', 'C 42'],
    ['with a plus (API Gateway leaves a raw + as it is)', 'C+42'],
    ['with a percent sign (%2541 decoded once)', 'C%41'],
    ['with a slash (%2F decoded)', 'C/42'],
    ['with a non-ASCII letter', 'Cé42'],
    ['with a #, the model keys’ separator', 'C#42'],
    ['over 128 characters', 'x'.repeat(129)],
    ['empty', ''],
  ])('refuses a user id %s, naming user_id', (_what, userId) => {
    const error = refusal(() => readRecommendationsRequest(get(userId), settings));

    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { in: 'path', parameter: 'user_id', message: expect.any(String) as string },
    ]);
    expect(error.message).toContain('user_id');
  });

  it.each(['0', String(recommendations.maxLimit + 1), '-1', '2.5', 'ten', '', '1e1', ' 5'])(
    'refuses limit=%p, naming limit',
    (limit) => {
      const error = refusal(() => readRecommendationsRequest(get('C1', { limit }), settings));

      expect(error.errors).toEqual([
        {
          in: 'query',
          parameter: 'limit',
          message: `must be an integer from 1 to ${recommendations.maxLimit}`,
        },
      ]);
    },
  );

  it('refuses a repeated limit and every unknown parameter at once', () => {
    const event = {
      ...get('C 1'),
      queryStringParameters: { limit: '5', page: '2', sort: 'x' },
      multiValueQueryStringParameters: { limit: ['4', '5'], page: ['2'], sort: ['x'] },
    };

    const error = refusal(() => readRecommendationsRequest(event, settings));

    expect(error.errors.map((each) => [each.in, each.parameter])).toEqual([
      ['path', 'user_id'],
      ['query', 'page'],
      ['query', 'sort'],
      ['query', 'limit'],
    ]);
    expect(error.title).toBe('Invalid parameters');
  });

  it('answers 404 for another resource or method', () => {
    expect(
      refusal(() => readRecommendationsRequest(get('C1', null, { method: 'POST' }), settings))
        .status,
    ).toBe(404);
    expect(
      refusal(() =>
        readRecommendationsRequest(get('C1', null, { resource: '/v1/transactions' }), settings),
      ).status,
    ).toBe(404);
  });
});
