/** Query and Scan, both paged by Limit / ExclusiveStartKey in primary-key order. */
import type { WireJson } from '../../core/json-protocol';
import { validateItem } from './attribute-values';
import { Constraints } from './constraints';
import { validationError } from './errors';
import type { Condition, DocumentPath } from './expressions/ast';
import { evaluateCondition } from './expressions/condition-evaluator';
import { parseCondition } from './expressions/condition-parser';
import { projectPaths } from './expressions/document';
import { Placeholders } from './expressions/placeholders';
import { parseProjection } from './expressions/projection-parser';
import { checkKeyCondition } from './key-condition';
import { checkKey, keyNames, keyOf } from './keys';
import { checkCommonParameters, optionalExpression } from './request-checks';
import { compareByKey, type TableState, type TableStore } from './tables';
import type { Item } from './item';

export function readOperations(store: TableStore) {
  return {
    Query(input: WireJson) {
      checkReadParameters(input);
      const keyText = optionalExpression(input, 'KeyConditionExpression');
      if (keyText === undefined) {
        throw validationError(
          'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
        );
      }
      const placeholders = placeholdersOf(input);
      const keyExpression = parseCondition(keyText, placeholders, 'KeyConditionExpression');
      const { filter, projection } = parseReadExpressions(input, placeholders);
      const table = tableFor(store, input);
      const keyCondition = checkKeyCondition(table, keyExpression);
      checkFilterAvoidsKeys(table, filter);
      const forward = input.ScanIndexForward !== false;
      const matching = store
        .liveItemsWithHashKey(table, keyCondition.hashValue)
        .filter(keyCondition.matches);
      return page(
        table,
        forward ? matching : matching.reverse(),
        input,
        filter,
        projection,
        forward,
      );
    },

    Scan(input: WireJson) {
      checkReadParameters(input);
      const placeholders = placeholdersOf(input);
      const { filter, projection } = parseReadExpressions(input, placeholders);
      const table = tableFor(store, input);
      return page(table, store.liveItems(table), input, filter, projection, true);
    },
  };
}

function checkReadParameters(input: WireJson): void {
  checkCommonParameters(input);
  new Constraints()
    .range(input.Limit as number | undefined, 'limit', 1)
    .oneOf(input.Select, 'select', [
      'ALL_ATTRIBUTES',
      'ALL_PROJECTED_ATTRIBUTES',
      'SPECIFIC_ATTRIBUTES',
      'COUNT',
    ])
    .throwIfAny();
  if (input.Select === 'COUNT' && input.ProjectionExpression !== undefined) {
    throw validationError(
      'Cannot specify the ProjectionExpression when choosing to get only the COUNT',
    );
  }
}

function placeholdersOf(input: WireJson): Placeholders {
  const hasExpression = ['KeyConditionExpression', 'FilterExpression', 'ProjectionExpression'].some(
    (field) => input[field] !== undefined,
  );
  return new Placeholders(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    hasExpression,
  );
}

function parseReadExpressions(input: WireJson, placeholders: Placeholders) {
  const filterText = optionalExpression(input, 'FilterExpression');
  const projectionText = optionalExpression(input, 'ProjectionExpression');
  const filter =
    filterText === undefined
      ? undefined
      : parseCondition(filterText, placeholders, 'FilterExpression');
  const projection =
    projectionText === undefined ? undefined : parseProjection(projectionText, placeholders);
  placeholders.assertAllUsed();
  return { filter, projection };
}

function tableFor(store: TableStore, input: WireJson): TableState {
  const table = store.get(input.TableName, true);
  if (input.IndexName !== undefined) {
    throw validationError(
      `The table does not have the specified index: ${String(input.IndexName)}`,
    );
  }
  return table;
}

function checkFilterAvoidsKeys(table: TableState, filter: Condition | undefined): void {
  if (!filter) return;
  const text = JSON.stringify(filter);
  for (const name of keyNames(table)) {
    if (text.includes(`"path":[${JSON.stringify(name)}`)) {
      throw validationError(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
      );
    }
  }
}

function page(
  table: TableState,
  ordered: Item[],
  input: WireJson,
  filter: Condition | undefined,
  projection: DocumentPath[] | undefined,
  forward: boolean,
) {
  let candidates = ordered;
  if (input.ExclusiveStartKey !== undefined) {
    const start = validateItem(input.ExclusiveStartKey);
    checkKey(table, start);
    candidates = ordered.filter(
      (item) => compareByKey(table, item, start) * (forward ? 1 : -1) > 0,
    );
  }
  const limit = input.Limit as number | undefined;
  const evaluated = limit === undefined ? candidates : candidates.slice(0, limit);
  const kept = filter ? evaluated.filter((item) => evaluateCondition(filter, item)) : evaluated;
  const last = evaluated[evaluated.length - 1];
  const stoppedByLimit = limit !== undefined && evaluated.length === limit && last !== undefined;
  return {
    ...(input.Select !== 'COUNT' && {
      Items: kept.map((item) => (projection ? projectPaths(item, projection) : item)),
    }),
    Count: kept.length,
    ScannedCount: evaluated.length,
    ...(stoppedByLimit && { LastEvaluatedKey: keyOf(table, last) }),
  };
}
