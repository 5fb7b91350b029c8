/**
 * The ingestion function's request flow, with its dependencies passed in (SDK-backed in
 * handler.ts, fakes in tests): read the request, accept it once per Idempotency-Key, and map
 * every outcome to its HTTP answer. Refusals are the client's to fix (4xx, nothing produced);
 * Kafka or DynamoDB failures are the platform's (503 with Retry-After: the client retries with
 * the same key, and the API produces the records at most once per successful answer).
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { IngestionRoute, MarketplaceApi } from '../../infra/platform';
import type { LogPort, MetricsPort } from '../shared/ports';
import { KafkaSendError, RequestRejectedError } from './errors';
import {
  prepareRecords,
  submissionOf,
  type Accepted,
  type IngestionTarget,
  type Submission,
} from './ingestion';
import { readIngestionRequest } from './request';
import { acceptedResponse, problemResponse, type ResponseSettings } from './responses';

export interface IngestHandlerDependencies {
  readonly routes: readonly IngestionRoute[];
  readonly limits: Pick<MarketplaceApi, 'maxRecordsPerRequest' | 'maxRequestBytes'>;
  /** Each route's topic and columns, by resource. */
  readonly targets: ReadonlyMap<string, IngestionTarget>;
  readonly responses: ResponseSettings;
  /** Produces a checked request: straight away, or once per Idempotency-Key. */
  readonly accept: (submission: Submission) => Promise<Accepted>;
  readonly logger: LogPort;
  readonly metrics: MetricsPort;
}

/** One count with the resource as its dimension, flushed at once (one EMF line). */
function count(metrics: MetricsPort, name: string, resource: string, value = 1): void {
  const metric = metrics.singleMetric();
  metric.addDimension('resource', resource);
  metric.addMetric(name, MetricUnit.Count, value);
}

export function createIngestHandler(
  dependencies: IngestHandlerDependencies,
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const { responses, metrics } = dependencies;
  return async (event) => {
    try {
      const request = readIngestionRequest(event, dependencies.routes, dependencies.limits);
      // Checked before the idempotency layer: a refused request costs no DynamoDB write.
      const prepared = prepareRecords(dependencies.targets.get(request.route.resource)!, request);
      const accepted = await dependencies.accept(submissionOf(request, prepared));
      count(metrics, 'RecordsAccepted', request.route.resource, accepted.accepted);
      return acceptedResponse(accepted, responses);
    } catch (error) {
      return failureResponse(error, event.resource, dependencies);
    }
  };
}

function failureResponse(
  error: unknown,
  resource: string,
  { responses, logger, metrics }: IngestHandlerDependencies,
): APIGatewayProxyResult {
  if (error instanceof RequestRejectedError) {
    count(metrics, 'RequestsRejected', resource);
    logger.info('request refused', { status: error.status, title: error.title });
    return problemResponse(error, responses);
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return problemResponse(
      {
        status: 409,
        title: 'Request in progress',
        detail: 'a request with this Idempotency-Key is still being processed; retry shortly',
        retryAfterSeconds: 1,
      },
      responses,
    );
  }
  if (error instanceof IdempotencyValidationError) {
    return problemResponse(
      {
        status: 422,
        title: 'Idempotency-Key reused',
        detail: 'this Idempotency-Key was used for a request with a different body',
      },
      responses,
    );
  }
  count(metrics, 'RequestsFailed', resource);
  logger.error('request failed', { error });
  const kafka = error instanceof KafkaSendError;
  return problemResponse(
    {
      status: 503,
      title: kafka ? 'Stream unavailable' : 'Service unavailable',
      // Not acknowledged is not "not stored": Kafka may hold some records of a send whose answer
      // was lost. The lake keeps one record per id, so the retry is safe.
      detail:
        'the records were not acknowledged (some may already be stored; the lake keeps one per id); retry with the same Idempotency-Key',
      retryAfterSeconds: 1,
    },
    responses,
  );
}
