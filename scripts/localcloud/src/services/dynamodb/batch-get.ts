/**
 * BatchGetItem: up to 100 keys over one or more tables in one call. Keys that name no item are
 * left out of `Responses`; once the items gathered pass 16 MB, the keys not yet read come back in
 * `UnprocessedKeys` for the caller to ask again, as DynamoDB answers a response over its limit.
 */
import type { WireJson } from '../../core/json-protocol';
import { itemSize, validateItem } from './attribute-values';
import { Constraints, checkTableName } from './constraints';
import { validationError } from './errors';
import { projectPaths } from './expressions/document';
import { Placeholders } from './expressions/placeholders';
import { parseProjection } from './expressions/projection-parser';
import type { Item } from './item';
import { checkKey } from './keys';
import { keyId, type TableState, type TableStore } from './tables';

/** The most keys one call may ask for, over all its tables. */
export const MAX_BATCH_GET_KEYS = 100;
/** The most item bytes one answer carries; the keys past it are unprocessed. */
export const MAX_BATCH_GET_RESPONSE_BYTES = 16 * 1024 * 1024;

interface TableRequest {
  readonly table: TableState;
  /** The table as the request named it (name or ARN): the answer's keys use the same. */
  readonly requestedName: string;
  readonly keys: readonly Item[];
  readonly options: WireJson;
  readonly project: (item: Item) => Item;
}

export function batchGetOperations(store: TableStore) {
  return {
    BatchGetItem(input: WireJson) {
      const requests = readRequests(store, input);
      const responses: Record<string, Item[]> = {};
      const unprocessed: Record<string, WireJson> = {};
      let bytes = 0;
      let full = false;
      for (const request of requests) {
        const found: Item[] = (responses[request.requestedName] = []);
        for (const key of request.keys) {
          const item: Item | undefined = full ? undefined : store.read(request.table, key);
          const projected: Item | undefined = item && request.project(item);
          const size: number = projected ? itemSize(projected) : 0;
          full ||= bytes + size > MAX_BATCH_GET_RESPONSE_BYTES;
          if (full) {
            const left = (unprocessed[request.requestedName] ??= { ...request.options, Keys: [] });
            (left.Keys as Item[]).push(key);
          } else if (projected) {
            bytes += size;
            found.push(projected);
          }
        }
      }
      return { Responses: responses, UnprocessedKeys: unprocessed };
    },
  };
}

function readRequests(store: TableStore, input: WireJson): TableRequest[] {
  const requestItems = input.RequestItems as unknown;
  const constraints = new Constraints().notNull(requestItems, 'requestItems');
  const entries =
    requestItems !== null && typeof requestItems === 'object'
      ? Object.entries(requestItems as Record<string, WireJson>)
      : [];
  constraints.length(entries, 'requestItems', 1, 100);
  for (const [tableName, request] of entries) {
    checkTableName(constraints, tableName);
    const keys = request?.Keys as unknown[] | undefined;
    constraints.notNull(keys, `requestItems.${tableName}.member.keys`);
    // Over 100 keys is answered with the documented message below, not the model's constraint.
    if (Array.isArray(keys))
      constraints.length(keys, `requestItems.${tableName}.member.keys`, 1, Infinity);
  }
  constraints.throwIfAny();

  const total = entries.reduce((sum, [, request]) => sum + (request.Keys as unknown[]).length, 0);
  if (total > MAX_BATCH_GET_KEYS) {
    throw validationError('Too many items requested for the BatchGetItem call');
  }
  return entries.map(([requestedName, request]) => {
    if (request.AttributesToGet !== undefined) {
      throw validationError(
        'localcloud supports only expression parameters; not supported: {AttributesToGet}',
      );
    }
    const table = store.get(requestedName, true);
    const keys = (request.Keys as unknown[]).map((raw) => {
      const key = validateItem(raw);
      checkKey(table, key);
      return key;
    });
    const seen = new Set<string>();
    for (const key of keys) {
      const id = keyId(table, key);
      if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(id);
    }
    return {
      table,
      requestedName,
      keys,
      options: optionsOf(request),
      project: projectionOf(request),
    };
  });
}

/** The table's request without its keys, as `UnprocessedKeys` repeats it. */
function optionsOf(request: WireJson): WireJson {
  return Object.fromEntries(
    Object.entries(request).filter(([field, value]) => field !== 'Keys' && value !== undefined),
  );
}

function projectionOf(request: WireJson): (item: Item) => Item {
  const text = request.ProjectionExpression as unknown;
  if (text !== undefined && text !== null && typeof text !== 'string') {
    throw validationError('ProjectionExpression must be a string');
  }
  const placeholders = new Placeholders(
    request.ExpressionAttributeNames,
    undefined,
    typeof text === 'string',
  );
  const paths = typeof text === 'string' ? parseProjection(text, placeholders) : undefined;
  placeholders.assertAllUsed();
  return paths ? (item) => projectPaths(item, paths) : (item) => item;
}
