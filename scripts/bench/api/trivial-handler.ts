/**
 * The baseline function of `npm run bench:api`: behind the same local API Gateway, in the same
 * local Lambda service, it answers what the ingestion function answers for a valid
 * single-record request (202, `{ accepted: 1, ids: [...] }`) after parsing the body, and does
 * nothing else: no validation, no idempotency record, no Kafka. What the API costs above it is
 * the ingestion function's own work.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const handler = (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const record = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
  const id = record.transaction_id ?? record.interaction_id;
  return Promise.resolve({
    statusCode: 202,
    headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' },
    body: JSON.stringify({ accepted: 1, ids: [String(id)] }),
  });
};
