/**
 * DynamoDB (AWS JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`): the subset the
 * platform's idempotency and alert de-duplication stores, its activity table and the
 * recommender's reads use. See README.md.
 */
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService, renderJsonError, toJsonWire } from '../../core/json-protocol';
import { batchGetOperations } from './batch-get';
import { batchOperations } from './batch-operations';
import { ConditionalCheckFailedError } from './errors';
import { itemOperations } from './item-operations';
import { readOperations } from './read-operations';
import { tableOperations } from './table-operations';
import { TableStore, type TableSnapshot } from './tables';

export interface DynamoDbService extends ServiceHandler {
  /** Names of the tables that exist, sorted. */
  tableNames(): string[];
}

export function createDynamoDbService(context: LocalCloudContext): DynamoDbService {
  const store = new TableStore(() => context.now());
  const handler = createJsonService({
    signingName: 'dynamodb',
    targetPrefix: 'DynamoDB_20120810',
    jsonVersion: '1.0',
    operations: {
      ...tableOperations(store, context),
      ...itemOperations(store),
      ...readOperations(store),
      ...batchOperations(store),
      ...batchGetOperations(store),
    },
    context,
    reset: () => store.clear(),
    snapshot: () => ({ tables: store.snapshot() }),
    restore: (state) => store.restore((state as { tables?: TableSnapshot[] }).tables ?? []),
  });
  return {
    ...handler,
    renderError(error, request) {
      const response = renderJsonError(error, request.requestId, '1.0');
      if (!(error instanceof ConditionalCheckFailedError) || !error.item) return response;
      // AwsError fields are scalars; the failed item is a map, so it is added here.
      const body = JSON.parse(String(response.body)) as Record<string, unknown>;
      return { ...response, body: JSON.stringify({ ...body, Item: toJsonWire(error.item) }) };
    },
    tableNames: () => store.names(),
  };
}
