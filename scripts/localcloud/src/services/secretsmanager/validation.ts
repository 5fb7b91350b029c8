import type { WireJson } from '../../core/json-protocol';
import { constraintViolation, invalidParameter } from './errors';

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;
const MAX_NAME_LENGTH = 512;
const MAX_DESCRIPTION_LENGTH = 2048;
const MAX_SECRET_BYTES = 65_536;
const MAX_TAGS = 50;

export function requireString(input: WireJson, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '')
    throw constraintViolation(lowerFirst(field), value, 'Member must not be null');
  return value;
}

export function optionalString(input: WireJson, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidParameter(`Invalid type for parameter ${field}, expected a string.`);
  return value;
}

export function validateName(name: string): void {
  if (name.length > MAX_NAME_LENGTH)
    throw constraintViolation('name', name, 'Member must have length less than or equal to 512');
  if (!NAME_PATTERN.test(name))
    throw invalidParameter(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
}

export function validateDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH)
    throw constraintViolation(
      'description',
      description,
      'Member must have length less than or equal to 2048',
    );
}

/** ClientRequestToken: 32 to 64 characters (the SDK fills in a UUID when the caller does not). */
export function validateRequestToken(token: string | undefined): void {
  if (token !== undefined && (token.length < 32 || token.length > 64))
    throw constraintViolation(
      'clientRequestToken',
      token,
      'Member must have length greater than or equal to 32',
    );
}

export interface SecretValueInput {
  readonly secretString?: string;
  readonly secretBinary?: string;
}

/** SecretString or SecretBinary (base64 on the wire), never both, at most 64 KiB. */
export function readSecretValue(input: WireJson): SecretValueInput | undefined {
  const secretString = optionalString(input, 'SecretString');
  const secretBinary = optionalString(input, 'SecretBinary');
  if (secretString !== undefined && secretBinary !== undefined)
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  if (secretString !== undefined) {
    if (Buffer.byteLength(secretString, 'utf8') > MAX_SECRET_BYTES)
      throw constraintViolation(
        'secretString',
        '***',
        'Member must have length less than or equal to 65536',
      );
    return { secretString };
  }
  if (secretBinary !== undefined) {
    if (Buffer.from(secretBinary, 'base64').length > MAX_SECRET_BYTES)
      throw constraintViolation(
        'secretBinary',
        '***',
        'Member must have length less than or equal to 65536',
      );
    return { secretBinary };
  }
  return undefined;
}

export function readTags(input: WireJson): { Key: string; Value: string }[] {
  const tags = input.Tags;
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags)) throw invalidParameter('Tags must be a list.');
  if (tags.length > MAX_TAGS)
    throw constraintViolation(
      'tags',
      `[${tags.length} tags]`,
      'Member must have length less than or equal to 50',
    );
  return tags.map((tag: WireJson) => {
    const key = tag?.Key;
    const value = tag?.Value ?? '';
    if (typeof key !== 'string' || key.length < 1 || key.length > 128)
      throw invalidParameter('Invalid tag key: a tag key must be 1 to 128 characters long.');
    if (typeof value !== 'string' || value.length > 256)
      throw invalidParameter('Invalid tag value: a tag value must be at most 256 characters long.');
    return { Key: key, Value: value };
  });
}

export function sameValue(
  stored: { secretString?: string; secretBinary?: string },
  requested: SecretValueInput | undefined,
): boolean {
  return (
    stored.secretString === requested?.secretString &&
    stored.secretBinary === requested?.secretBinary
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
