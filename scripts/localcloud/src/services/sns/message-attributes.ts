import { AwsError } from '../../core/aws-error';
import type { QueryParams } from '../../core/query-protocol';
import { parameterValueInvalid } from './errors';
import type { StoredAttribute } from './model';

const NAME_CHARACTERS = /^[A-Za-z0-9_.-]$/;
const MAX_NAME_BYTES = 256;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `MessageAttributes.entry.N.Name` / `.Value.DataType|StringValue|BinaryValue`, validated as SNS
 * validates them. `where` is the field path AWS names for a missing DataType.
 */
export function readMessageAttributes(
  params: QueryParams,
  where = 'messageAttributes',
): Record<string, StoredAttribute> {
  const attributes: Record<string, StoredAttribute> = {};
  for (const entry of params.list('MessageAttributes.entry')) {
    const name = entry.get('Name') ?? '';
    validateName(name);
    const dataType = entry.get('Value.DataType');
    const stringValue = entry.get('Value.StringValue');
    const binaryValue = entry.get('Value.BinaryValue');
    if (dataType === undefined)
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value null at '${where}.${name}.member.dataType' failed to satisfy constraint: Member must not be null`,
      );
    attributes[name] = validateValue(name, dataType, stringValue, binaryValue);
  }
  return attributes;
}

function validateName(name: string): void {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  if (name.startsWith('.'))
    throw parameterValueInvalid(
      "Invalid message attribute name starting with character '.' was found.",
    );
  if (name.endsWith('.'))
    throw parameterValueInvalid(
      "Invalid message attribute name ending with character '.' was found.",
    );
  for (const character of name) {
    if (!NAME_CHARACTERS.test(character))
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '#x${character.codePointAt(0)!.toString(16).toUpperCase()}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
  }
  if (name.includes('..'))
    throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
}

function validateValue(
  name: string,
  dataType: string,
  stringValue: string | undefined,
  binaryValue: string | undefined,
): StoredAttribute {
  const base = dataType.split('.')[0];
  if (base !== 'String' && base !== 'Number' && base !== 'Binary')
    throw parameterValueInvalid(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  const emptyValue = () =>
    parameterValueInvalid(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
    );
  if (stringValue === undefined && binaryValue === undefined) throw emptyValue();
  if (base === 'Binary') {
    if (binaryValue === undefined)
      throw parameterValueInvalid(
        `The message attribute '${name}' with type '${dataType}' must use field 'Binary'.`,
      );
    if (binaryValue === '') throw emptyValue();
    return { DataType: dataType, BinaryValue: binaryValue };
  }
  if (stringValue === undefined)
    throw parameterValueInvalid(
      `The message attribute '${name}' with type '${dataType}' must use field 'String'.`,
    );
  if (stringValue === '') throw emptyValue();
  if (base === 'Number' && !NUMBER.test(stringValue.trim()))
    throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
  if (dataType === 'String.Array' && !isJsonArrayOfScalars(stringValue))
    throw parameterValueInvalid(
      `The message attribute '${name}' with type 'String.Array' has an invalid value: it must be a JSON array of strings, numbers, true, false or null.`,
    );
  return { DataType: dataType, StringValue: stringValue };
}

function isJsonArrayOfScalars(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return (
      Array.isArray(parsed) &&
      parsed.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item))
    );
  } catch {
    return false;
  }
}

/** Bytes counted against the 256 KiB limit: the body plus every attribute's name, type and value. */
export function publishSize(message: string, attributes: Record<string, StoredAttribute>): number {
  let size = Buffer.byteLength(message);
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size += Buffer.byteLength(attribute.StringValue ?? '');
    size +=
      attribute.BinaryValue !== undefined ? Buffer.from(attribute.BinaryValue, 'base64').length : 0;
  }
  return size;
}
