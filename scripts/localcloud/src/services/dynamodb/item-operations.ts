/** PutItem, GetItem, DeleteItem and UpdateItem. */
import type { WireJson } from '../../core/json-protocol';
import { cloneItem, itemSize, validateItem } from './attribute-values';
import { ConditionalCheckFailedError, validationError } from './errors';
import type { Condition } from './expressions/ast';
import { evaluateCondition } from './expressions/condition-evaluator';
import { parseCondition } from './expressions/condition-parser';
import { projectPaths } from './expressions/document';
import { Placeholders } from './expressions/placeholders';
import { parseProjection } from './expressions/projection-parser';
import { applyUpdate } from './expressions/update-evaluator';
import { parseUpdate, targetPaths } from './expressions/update-parser';
import { checkItemKey, checkKey, keyNames } from './keys';
import {
  checkCommonParameters,
  checkOldOnlyReturnValues,
  optionalExpression,
} from './request-checks';
import type { TableStore } from './tables';
import type { Item } from './item';

const MAX_ITEM_BYTES = 400 * 1024;

export function itemOperations(store: TableStore) {
  return {
    PutItem(input: WireJson) {
      checkCommonParameters(input, 'item');
      checkOldOnlyReturnValues(input);
      const item = validateItem(input.Item);
      const { condition } = parseExpressions(input);
      const table = store.get(input.TableName, true);
      checkItemKey(table, item);
      checkItemSize(item);
      const existing = store.read(table, item);
      enforceCondition(condition, existing, input);
      store.write(table, item);
      return input.ReturnValues === 'ALL_OLD' && existing ? { Attributes: existing } : {};
    },

    GetItem(input: WireJson) {
      checkCommonParameters(input, 'key');
      const key = validateItem(input.Key);
      const projectionText = optionalExpression(input, 'ProjectionExpression');
      const placeholders = new Placeholders(
        input.ExpressionAttributeNames,
        undefined,
        projectionText !== undefined,
      );
      const projection =
        projectionText === undefined ? undefined : parseProjection(projectionText, placeholders);
      placeholders.assertAllUsed();
      const table = store.get(input.TableName, true);
      checkKey(table, key);
      const item = store.read(table, key);
      if (!item) return {};
      return { Item: projection ? projectPaths(item, projection) : item };
    },

    DeleteItem(input: WireJson) {
      checkCommonParameters(input, 'key');
      checkOldOnlyReturnValues(input);
      const key = validateItem(input.Key);
      const { condition } = parseExpressions(input);
      const table = store.get(input.TableName, true);
      checkKey(table, key);
      const existing = store.read(table, key);
      enforceCondition(condition, existing, input);
      store.remove(table, key);
      return input.ReturnValues === 'ALL_OLD' && existing ? { Attributes: existing } : {};
    },

    UpdateItem(input: WireJson) {
      checkCommonParameters(input, 'key');
      const key = validateItem(input.Key);
      const { condition, update } = parseExpressions(input, true);
      const table = store.get(input.TableName, true);
      checkKey(table, key);
      const paths = update ? targetPaths(update) : [];
      const keyPath = paths.find((path) => keyNames(table).includes(path[0] as string));
      if (keyPath) {
        throw validationError(
          `One or more parameter values were invalid: Cannot update attribute ${String(keyPath[0])}. This attribute is part of the key`,
        );
      }
      const existing = store.read(table, key);
      enforceCondition(condition, existing, input);
      const updated = cloneItem(existing ?? key);
      if (update) applyUpdate(update, updated);
      checkItemSize(updated);
      store.write(table, updated);
      const attributes = (() => {
        switch (input.ReturnValues as string | undefined) {
          case 'ALL_OLD':
            return existing;
          case 'ALL_NEW':
            return updated;
          case 'UPDATED_OLD':
            return existing && projectPaths(existing, paths);
          case 'UPDATED_NEW':
            return projectPaths(updated, paths);
          default:
            return undefined;
        }
      })();
      return attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
    },
  };
}

/** Parses ConditionExpression (and UpdateExpression), then checks every placeholder was used. */
function parseExpressions(input: WireJson, withUpdate = false) {
  const conditionText = optionalExpression(input, 'ConditionExpression');
  const updateText = withUpdate ? optionalExpression(input, 'UpdateExpression') : undefined;
  const placeholders = new Placeholders(
    input.ExpressionAttributeNames,
    input.ExpressionAttributeValues,
    conditionText !== undefined || updateText !== undefined,
  );
  const update = updateText === undefined ? undefined : parseUpdate(updateText, placeholders);
  const condition =
    conditionText === undefined ? undefined : parseCondition(conditionText, placeholders);
  placeholders.assertAllUsed();
  return { condition, update };
}

function enforceCondition(
  condition: Condition | undefined,
  existing: Item | undefined,
  input: WireJson,
): void {
  if (!condition || evaluateCondition(condition, existing)) return;
  const wantsItem = input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  throw new ConditionalCheckFailedError(wantsItem ? existing : undefined);
}

/** DynamoDB's 400 KB limit on one item, as PutItem, UpdateItem and BatchWriteItem apply it. */
export function checkItemSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) {
    throw validationError('Item size has exceeded the maximum allowed size');
  }
}
