/**
 * Reads an API Gateway proxy event into what the recommender needs, or refuses it naming every
 * bad parameter: the route (by the resource API Gateway matched), the user id (API Gateway has
 * already percent-decoded it: decoding again would read `%2541` as `A`), and `limit`, the only
 * query parameter. Pure, so every refusal is unit-tested.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Recommendations } from '../../infra/platform';
import { LIMIT_PARAMETER, USER_ID_PATTERN } from '../../infra/aws/facts/recommend';
import { USER_ID_PARAMETER } from '../../infra/aws/facts/recommendations';
import { RequestRejectedError, type ParameterError } from './errors';

export interface RecommendationsRequest {
  readonly userId: string;
  readonly limit: number;
}

export interface RequestSettings extends Pick<Recommendations, 'defaultLimit' | 'maxLimit'> {
  /** `/v1/recommendations/{user_id}` */
  readonly resourcePath: string;
}

const USER_ID = new RegExp(USER_ID_PATTERN);
const DIGITS = /^\d{1,4}$/;

export function readRecommendationsRequest(
  event: APIGatewayProxyEvent,
  settings: RequestSettings,
): RecommendationsRequest {
  if (event.resource !== settings.resourcePath || event.httpMethod !== 'GET') {
    throw new RequestRejectedError(
      404,
      'Not found',
      `${event.httpMethod} ${event.resource} is not the recommendations resource`,
    );
  }
  const errors: ParameterError[] = [];
  const userId = event.pathParameters?.[USER_ID_PARAMETER];
  if (userId === undefined || !USER_ID.test(userId)) {
    errors.push({
      in: 'path',
      parameter: USER_ID_PARAMETER,
      message: 'must be 1 to 128 ASCII letters, digits or . _ : @ -',
    });
  }
  const query = queryValues(event);
  for (const name of Object.keys(query)
    .filter((each) => each !== LIMIT_PARAMETER)
    .sort()) {
    errors.push({
      in: 'query',
      parameter: name,
      message: `is not a parameter of this resource (only ${LIMIT_PARAMETER} is)`,
    });
  }
  const limit = readLimit(query[LIMIT_PARAMETER], settings, errors);
  if (errors.length > 0) {
    throw new RequestRejectedError(
      400,
      'Invalid parameters',
      `bad parameter${errors.length === 1 ? '' : 's'}: ${errors.map((error) => `${error.parameter} ${error.message}`).join('; ')}`,
      errors,
    );
  }
  return { userId: userId!, limit };
}

function readLimit(
  values: readonly string[] | undefined,
  { defaultLimit, maxLimit }: RequestSettings,
  errors: ParameterError[],
): number {
  if (values === undefined) return defaultLimit;
  const wrong = (message: string): number => {
    errors.push({ in: 'query', parameter: LIMIT_PARAMETER, message });
    return defaultLimit;
  };
  if (values.length !== 1) return wrong('must be given once');
  const value = values[0]!;
  const limit = DIGITS.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= maxLimit)) return wrong(`must be an integer from 1 to ${maxLimit}`);
  return limit;
}

/** Every query parameter with all its values (REST APIs fill both maps; the multi-value one wins). */
function queryValues(event: APIGatewayProxyEvent): Readonly<Record<string, readonly string[]>> {
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    return Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values ?? []]));
  }
  return Object.fromEntries(
    Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [
      name,
      value === undefined ? [] : [value],
    ]),
  );
}
