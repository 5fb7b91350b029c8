import {
  MAX_BATCH_GET_RESPONSE_BYTES,
  batchGetOperations,
} from '../../../../src/services/dynamodb/batch-get';
import { TableStore } from '../../../../src/services/dynamodb/tables';

/** One table keyed by `id` S, holding `count` items of about `bytes` each. */
function storeWith(count: number, bytes: number): TableStore {
  const store = new TableStore(() => new Date('2026-03-07T10:00:00Z'));
  const table = store.add({
    name: 'model',
    arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/model',
    createdAtMs: 0,
    keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
  });
  const payload = 'x'.repeat(bytes);
  for (let index = 0; index < count; index += 1)
    store.write(table, { id: { S: `item-${index}` }, payload: { S: payload } });
  return store;
}

describe('BatchGetItem past 16 MB', () => {
  it('answers what fits and hands the rest back as UnprocessedKeys, with the request options', () => {
    // 45 items of 390 KB: about 17.1 MB, so the answer stops after 42 (16.0 MB).
    const store = storeWith(45, 390 * 1024);
    const keys = Array.from({ length: 45 }, (_, index) => ({ id: { S: `item-${index}` } }));

    const answer = batchGetOperations(store).BatchGetItem({
      RequestItems: { model: { Keys: keys, ConsistentRead: true } },
    });

    const returned = answer.Responses.model!;
    const left = answer.UnprocessedKeys.model as { Keys: unknown[]; ConsistentRead: boolean };
    expect(returned.length + left.Keys.length).toBe(45);
    expect(returned.length).toBe(42);
    expect(returned.length * 390 * 1024).toBeLessThan(MAX_BATCH_GET_RESPONSE_BYTES);
    expect(left).toEqual({ ConsistentRead: true, Keys: keys.slice(returned.length) });
  });

  it('answers everything with nothing unprocessed when it fits', () => {
    const store = storeWith(3, 1024);

    const answer = batchGetOperations(store).BatchGetItem({
      RequestItems: { model: { Keys: [{ id: { S: 'item-0' } }, { id: { S: 'absent' } }] } },
    });

    expect(answer.Responses.model).toHaveLength(1);
    expect(answer.UnprocessedKeys).toEqual({});
  });
});
