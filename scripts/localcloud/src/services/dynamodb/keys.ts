/** Primary-key checks, worded as DynamoDB words them for Key parameters and for whole items. */
import { typeOf } from './attribute-values';
import { validationError } from './errors';
import type { TableState } from './tables';
import type { Item } from './item';

const MAX_HASH_KEY_BYTES = 2048;
const MAX_RANGE_KEY_BYTES = 1024;

/** A `Key` parameter: exactly the key attributes, with the declared types. */
export function checkKey(table: TableState, key: Item): void {
  const names = Object.keys(key);
  const matches =
    names.length === table.keySchema.length &&
    table.keySchema.every((element) => {
      const value = key[element.AttributeName];
      return value !== undefined && typeOf(value) === declaredType(table, element.AttributeName);
    });
  if (!matches) throw validationError('The provided key element does not match the schema');
  checkKeyValues(table, key);
}

/** A whole item (PutItem): every key attribute present with its declared type. */
export function checkItemKey(table: TableState, item: Item): void {
  for (const element of table.keySchema) {
    const value = item[element.AttributeName];
    const expected = declaredType(table, element.AttributeName);
    if (value === undefined) {
      throw validationError(
        `One or more parameter values were invalid: Missing the key ${element.AttributeName} in the item`,
      );
    }
    if (typeOf(value) !== expected) {
      throw validationError(
        `One or more parameter values were invalid: Type mismatch for key ${element.AttributeName} expected: ${expected} actual: ${typeOf(value)}`,
      );
    }
  }
  checkKeyValues(table, item);
}

export function keyOf(table: TableState, item: Item): Item {
  return Object.fromEntries(
    table.keySchema.map((element) => [element.AttributeName, item[element.AttributeName]!]),
  );
}

export function keyNames(table: TableState): string[] {
  return table.keySchema.map((element) => element.AttributeName);
}

function checkKeyValues(table: TableState, item: Item): void {
  for (const element of table.keySchema) {
    const value = item[element.AttributeName]!;
    const bytes =
      'S' in value
        ? Buffer.byteLength(value.S, 'utf8')
        : 'B' in value
          ? Buffer.from(value.B, 'base64').length
          : undefined;
    if (bytes === 0) {
      throw validationError(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${element.AttributeName}`,
      );
    }
    if (element.KeyType === 'HASH' && bytes !== undefined && bytes > MAX_HASH_KEY_BYTES) {
      throw validationError(
        'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      );
    }
    if (element.KeyType === 'RANGE' && bytes !== undefined && bytes > MAX_RANGE_KEY_BYTES) {
      throw validationError(
        'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
      );
    }
  }
}

function declaredType(table: TableState, name: string): string | undefined {
  return table.attributeDefinitions.find((definition) => definition.AttributeName === name)
    ?.AttributeType;
}
