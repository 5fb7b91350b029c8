/** Checks shared by the item operations: common parameters and expression bookkeeping. */
import type { WireJson } from '../../core/json-protocol';
import { validateItem } from './attribute-values';
import { Constraints, checkTableName } from './constraints';
import { validationError } from './errors';
import type { Item } from './item';

const RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'];
const LEGACY_PARAMETERS = [
  'Expected',
  'ConditionalOperator',
  'AttributeUpdates',
  'AttributesToGet',
  'KeyConditions',
  'QueryFilter',
  'ScanFilter',
];

/** TableName and the enums every item operation shares. */
export function checkCommonParameters(input: WireJson, itemField?: 'key' | 'item'): void {
  const constraints = checkTableName(new Constraints(), input.TableName)
    .oneOf(input.ReturnValues, 'returnValues', RETURN_VALUES)
    .oneOf(input.ReturnValuesOnConditionCheckFailure, 'returnValuesOnConditionCheckFailure', [
      'ALL_OLD',
      'NONE',
    ])
    .oneOf(input.ReturnConsumedCapacity, 'returnConsumedCapacity', ['INDEXES', 'TOTAL', 'NONE']);
  if (itemField) constraints.notNull(input[itemField === 'key' ? 'Key' : 'Item'], itemField);
  constraints.throwIfAny();
  const legacy = LEGACY_PARAMETERS.filter((name) => input[name] !== undefined);
  if (legacy.length > 0) {
    throw validationError(
      `localcloud supports only expression parameters; not supported: {${legacy.join(', ')}}`,
    );
  }
}

/** PutItem and DeleteItem accept only NONE and ALL_OLD. */
export function checkOldOnlyReturnValues(input: WireJson): void {
  const value = input.ReturnValues as string | undefined;
  if (value !== undefined && value !== 'NONE' && value !== 'ALL_OLD') {
    throw validationError('ReturnValues can only be ALL_OLD or NONE');
  }
}

export function readItemParameter(raw: unknown): Item {
  return validateItem(raw);
}

/** An expression parameter that is present must not be empty. */
export function optionalExpression(input: WireJson, field: string): string | undefined {
  const value = input[field] as unknown;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`${field} must be a string`);
  return value;
}
