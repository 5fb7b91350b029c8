/**
 * BatchWriteItem: up to 25 puts and deletes over one or more tables. The whole request is checked
 * before anything is written (a bad request changes nothing, as in DynamoDB); each write then
 * takes effect on its own, without conditions. Nothing is ever left unprocessed here: there is no
 * capacity to run out of, so `UnprocessedItems` is always empty (a test that needs a throttled
 * batch injects a fault).
 */
import type { WireJson } from '../../core/json-protocol';
import { validateItem } from './attribute-values';
import { Constraints, checkTableName } from './constraints';
import { validationError } from './errors';
import type { Item } from './item';
import { checkItemKey, checkKey, keyOf } from './keys';
import { checkItemSize } from './item-operations';
import { keyId, type TableState, type TableStore } from './tables';

/** Requests one call may carry, over all its tables. */
const MAX_WRITE_REQUESTS = 25;

type Write =
  | { readonly table: TableState; readonly kind: 'put'; readonly item: Item }
  | { readonly table: TableState; readonly kind: 'delete'; readonly key: Item };

export function batchOperations(store: TableStore) {
  return {
    BatchWriteItem(input: WireJson) {
      const requestItems = input.RequestItems as unknown;
      const constraints = new Constraints()
        .notNull(requestItems, 'requestItems')
        .oneOf(input.ReturnConsumedCapacity, 'returnConsumedCapacity', ['INDEXES', 'TOTAL', 'NONE'])
        .oneOf(input.ReturnItemCollectionMetrics, 'returnItemCollectionMetrics', ['SIZE', 'NONE']);
      constraints.throwIfAny();
      if (typeof requestItems !== 'object' || requestItems === null || Array.isArray(requestItems))
        throw validationError('RequestItems must be a map of table names to write requests');
      const tables = Object.entries(requestItems as Record<string, unknown>);
      const shape = new Constraints().length(tables, 'requestItems', 1, MAX_WRITE_REQUESTS);
      for (const [tableName, requests] of tables) {
        checkTableName(shape, tableName);
        if (!Array.isArray(requests)) {
          shape.check(false, requests, 'requestItems', 'Map value must be a list');
          continue;
        }
        shape.length(requests, 'requestItems', 1, MAX_WRITE_REQUESTS);
      }
      shape.throwIfAny();
      const total = tables.reduce((sum, [, requests]) => sum + (requests as unknown[]).length, 0);
      if (total > MAX_WRITE_REQUESTS)
        throw validationError('Too many items requested for the BatchWriteItem call');

      const writes = tables.flatMap(([tableName, requests]) => {
        const table = store.get(tableName, true);
        return (requests as unknown[]).map((request) => readWrite(table, request));
      });
      const seen = new Set<string>();
      for (const write of writes) {
        const id = `${write.table.name}\u0000${keyId(write.table, write.kind === 'put' ? write.item : write.key)}`;
        if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates');
        seen.add(id);
      }

      for (const write of writes) {
        if (write.kind === 'put') store.write(write.table, write.item);
        else store.remove(write.table, write.key);
      }
      return { UnprocessedItems: {} };
    },
  };
}

/** One `{ PutRequest: { Item } }` or `{ DeleteRequest: { Key } }`, checked against its table. */
function readWrite(table: TableState, request: unknown): Write {
  const { PutRequest: put, DeleteRequest: remove } = (request ?? {}) as {
    PutRequest?: { Item?: unknown };
    DeleteRequest?: { Key?: unknown };
  };
  if ((put === undefined) === (remove === undefined))
    throw validationError('A write request must hold exactly one of PutRequest and DeleteRequest');
  if (put !== undefined) {
    new Constraints().notNull(put.Item, 'item').throwIfAny();
    const item = validateItem(put.Item);
    checkItemKey(table, item);
    checkItemSize(item);
    return { table, kind: 'put', item };
  }
  new Constraints().notNull(remove!.Key, 'key').throwIfAny();
  const key = validateItem(remove!.Key);
  checkKey(table, key);
  return { table, kind: 'delete', key: keyOf(table, key) };
}
