import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { loadPlatform } from '../../../../infra/platform';
import { KafkaSendError } from '../../../../lambdas/ingest-events/errors';
import { createIngestHandler } from '../../../../lambdas/ingest-events/ingest-handler';
import { ingestionTarget, type Submission } from '../../../../lambdas/ingest-events/ingestion';
import { restApiEvent } from '../../../fixtures/events/api-gateway';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';
import { TRANSACTION } from '../../../fixtures/marketplace-records';

const platform = loadPlatform('dev');
const api = platform.marketplaceApi;
const ORIGIN = 'https://marketplace.dev.hybrid-lake.example';

function handlerWith(accept: (submission: Submission) => Promise<unknown>) {
  const { metrics, sum } = recordingMetrics();
  const { logger, logs } = recordingLogger();
  const submissions: Submission[] = [];
  const handle = createIngestHandler({
    routes: api.ingestion,
    limits: api,
    targets: new Map(
      api.ingestion.map((route) => [route.resource, ingestionTarget(platform, route)]),
    ),
    responses: { allowedOrigin: ORIGIN },
    accept: async (submission) => {
      submissions.push(submission);
      await accept(submission);
      return { accepted: submission.prepared.ids.length, ids: submission.prepared.ids };
    },
    logger,
    metrics,
  });
  return { handle, submissions, sum, logs };
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  restApiEvent({ resource: '/v1/transactions', body: JSON.stringify(body), headers });

describe('createIngestHandler', () => {
  it('answers 202 with the ids, the allowed origin and no caching, and counts the records', async () => {
    const { handle, submissions, sum } = handlerWith(() => Promise.resolve());
    const response = await handle(post([TRANSACTION], { 'Idempotency-Key': 'k' }));
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ accepted: 1, ids: [TRANSACTION.transaction_id] });
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': ORIGIN,
      Vary: 'Origin',
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json',
    });
    expect(submissions[0]).toMatchObject({ idempotencyKey: 'k', resource: 'transactions' });
    expect(sum('RecordsAccepted', 'transactions')).toBe(1);
  });

  it('refuses a bad record with a problem document, before the idempotency layer', async () => {
    const { handle, submissions, sum } = handlerWith(() => Promise.resolve());
    const response = await handle(post({ ...TRANSACTION, quantity: 'two' }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: 'Invalid records',
      status: 400,
      detail: expect.stringContaining('nothing was accepted') as string,
      errors: [{ path: '/quantity', message: 'expected a 32-bit integer, got "two"' }],
    });
    expect(submissions).toHaveLength(0);
    expect(sum('RequestsRejected', '/v1/transactions')).toBe(1);
  });

  it.each([
    [new KafkaSendError('no ack'), 503, 'Stream unavailable', '1'],
    [new Error('DynamoDB throttled'), 503, 'Service unavailable', '1'],
    [new IdempotencyAlreadyInProgressError('busy'), 409, 'Request in progress', '1'],
    [new IdempotencyValidationError('other body'), 422, 'Idempotency-Key reused', undefined],
  ])('maps %p to %i', async (error, status, title, retryAfter) => {
    const { handle } = handlerWith(() => Promise.reject(error));
    const response = await handle(post(TRANSACTION, { 'Idempotency-Key': 'k' }));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ title, status });
    expect(response.headers?.['Retry-After']).toBe(retryAfter);
  });

  it('logs a platform failure as an error, with the cause', async () => {
    const { handle, logs, sum } = handlerWith(() =>
      Promise.reject(new KafkaSendError('no ack', [], { cause: new Error('NOT_ENOUGH_REPLICAS') })),
    );
    await handle(post(TRANSACTION));
    expect(logs.filter((log) => log.level === 'error')).toHaveLength(1);
    expect(sum('RequestsFailed', '/v1/transactions')).toBe(1);
  });
});
