/**
 * The recommender's request flow, with its dependencies passed in (SDK-backed in handler.ts,
 * fakes in tests): read the request, recommend, and map every outcome to its HTTP answer.
 * Refusals are the client's to fix (4xx); a DynamoDB failure is the platform's (503 with
 * Retry-After). An unknown user is no refusal: they get the best sellers.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RecommendationsAnswer } from '../../infra/aws/facts/recommendations';
import { jsonResponse, problemResponse, type ResponseSettings } from '../shared/api-responses';
import type { LogPort, MetricsPort } from '../shared/ports';
import { RequestRejectedError } from './errors';
import {
  readRecommendationsRequest,
  type RecommendationsRequest,
  type RequestSettings,
} from './request';

export interface RecommendHandlerDependencies {
  readonly request: RequestSettings;
  readonly recommend: (request: RecommendationsRequest) => Promise<RecommendationsAnswer>;
  readonly responses: ResponseSettings;
  /** How long a client may keep an answer (`Cache-Control: private, max-age=…`). */
  readonly answerMaxAgeSeconds: number;
  readonly logger: LogPort;
  readonly metrics: MetricsPort;
}

/** One count with one dimension, flushed at once (one EMF line). */
function count(metrics: MetricsPort, name: string, dimension: string, value: string): void {
  const metric = metrics.singleMetric();
  metric.addDimension(dimension, value);
  metric.addMetric(name, MetricUnit.Count, 1);
}

export function createRecommendHandler(
  dependencies: RecommendHandlerDependencies,
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const { responses, metrics, logger } = dependencies;
  return async (event) => {
    try {
      const request = readRecommendationsRequest(event, dependencies.request);
      const answer = await dependencies.recommend(request);
      count(
        metrics,
        'RecommendationsAnswered',
        'strategy',
        answer.model_date === null ? 'no-model' : answer.strategy,
      );
      return jsonResponse(
        200,
        answer,
        responses,
        `private, max-age=${dependencies.answerMaxAgeSeconds}`,
      );
    } catch (error) {
      if (error instanceof RequestRejectedError) {
        count(metrics, 'RequestsRejected', 'resource', event.resource);
        logger.info('request refused', { status: error.status, title: error.title });
        return problemResponse(error, responses);
      }
      count(metrics, 'RequestsFailed', 'resource', event.resource);
      logger.error('request failed', { error });
      return problemResponse(
        {
          status: 503,
          title: 'Service unavailable',
          detail: 'the recommendations could not be read; retry shortly',
          retryAfterSeconds: 1,
        },
        responses,
      );
    }
  };
}
