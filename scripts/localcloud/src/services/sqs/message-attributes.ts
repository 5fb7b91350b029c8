/** Validation, sizing and filtering of message attributes, following SendMessage's documented rules. */
import type { WireJson } from '../../core/json-protocol';
import { invalidParameterValue } from './errors';
import type { StoredAttribute } from './md5';

const MAX_ATTRIBUTES = 10;
const MAX_NAME_LENGTH = 256;
const NAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;

/** Validates the wire `MessageAttributes` map; binary values stay base64. */
export function parseMessageAttributes(raw: unknown): Record<string, StoredAttribute> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidParameterValue('MessageAttributes must be a map of attribute name to value.');
  const entries = Object.entries(raw as WireJson);
  if (entries.length > MAX_ATTRIBUTES)
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  const attributes: Record<string, StoredAttribute> = {};
  for (const [name, value] of entries) {
    validateName(name);
    attributes[name] = parseValue(name, (value ?? {}) as WireJson);
  }
  return attributes;
}

/** System attributes on send: only AWSTraceHeader exists, and it must be a String. */
export function parseSystemAttributes(raw: unknown): Record<string, StoredAttribute> {
  const attributes = parseMessageAttributes(raw);
  for (const [name, attribute] of Object.entries(attributes)) {
    if (name !== 'AWSTraceHeader')
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    if (attribute.DataType !== 'String')
      throw invalidParameterValue(
        `Message system attribute '${name}' must use the data type String.`,
      );
  }
  return attributes;
}

function validateName(name: string): void {
  const lower = name.toLowerCase();
  const valid =
    name.length > 0 &&
    name.length <= MAX_NAME_LENGTH &&
    NAME_CHARACTERS.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !lower.startsWith('aws.') &&
    !lower.startsWith('amazon.');
  if (!valid)
    throw invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. The attribute name can contain alphanumeric characters, hyphens, underscores and periods, cannot start or end with a period or contain consecutive periods, cannot start with AWS. or Amazon., and can be up to 256 characters long.`,
    );
}

function parseValue(name: string, value: WireJson): StoredAttribute {
  const dataType: unknown = value.DataType;
  if (typeof dataType !== 'string' || dataType === '')
    throw invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute type.`,
    );
  if (!DATA_TYPE.test(dataType))
    throw invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  const baseType = dataType.split('.')[0]!;
  if (baseType === 'Binary') {
    const binary: unknown = value.BinaryValue;
    if (typeof binary !== 'string' || binary === '')
      throw invalidParameterValue(
        `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`,
      );
    return { DataType: dataType, BinaryValue: binary };
  }
  const text: unknown = value.StringValue;
  if (typeof text !== 'string' || text === '')
    throw invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${baseType}'.`,
    );
  if (baseType === 'Number' && !isNumber(text))
    throw invalidParameterValue(
      `Can't cast the value of message (user) attribute '${name}' to a number.`,
    );
  return { DataType: dataType, StringValue: text };
}

function isNumber(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim());
}

/** What attributes count towards the message size limit: name, type and value bytes. */
export function attributesSize(attributes: Readonly<Record<string, StoredAttribute>>): number {
  let size = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size +=
      attribute.BinaryValue !== undefined
        ? Buffer.from(attribute.BinaryValue, 'base64').length
        : Buffer.byteLength(attribute.StringValue ?? '');
  }
  return size;
}

/**
 * ReceiveMessage's MessageAttributeNames: `All` or `.*` selects everything, `prefix.*` selects
 * names that start with `prefix.`, anything else is an exact name.
 */
export function selectAttributes(
  attributes: Readonly<Record<string, StoredAttribute>>,
  requested: readonly string[],
): Record<string, StoredAttribute> {
  const selected: Record<string, StoredAttribute> = {};
  const wantsAll = requested.some((name) => name === 'All' || name === '.*');
  for (const [name, attribute] of Object.entries(attributes)) {
    const wanted =
      wantsAll ||
      requested.some((pattern) =>
        pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name,
      );
    if (wanted) selected[name] = attribute;
  }
  return selected;
}
