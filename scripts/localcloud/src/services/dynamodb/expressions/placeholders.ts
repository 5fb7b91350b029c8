/**
 * ExpressionAttributeNames / ExpressionAttributeValues of one request. Every expression of the
 * request resolves its placeholders here, and DynamoDB rejects the request when one is missing
 * or when one was provided but never used by any expression.
 */
import { validateAttributeValue } from '../attribute-values';
import { validationError } from '../errors';
import type { TokenStream } from './tokenizer';
import type { AttributeValue } from '../item';

export class Placeholders {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  private readonly values: Map<string, AttributeValue>;
  private readonly names: Map<string, string>;

  constructor(names: unknown, values: unknown, hasExpression: boolean) {
    this.names = new Map(
      Object.entries(checkMap(names, 'ExpressionAttributeNames', hasExpression)).map(
        ([key, name]) => [key, String(name)],
      ),
    );
    const rawValues = checkMap(values, 'ExpressionAttributeValues', hasExpression);
    this.values = new Map(
      Object.entries(rawValues).map(([key, value]) => [key, validateAttributeValue(value)]),
    );
    for (const name of this.names.keys()) {
      if (!/^#[A-Za-z0-9_]+$/.test(name)) {
        throw validationError(
          `ExpressionAttributeNames contains invalid key: Syntax error; key: "${name}"`,
        );
      }
    }
    for (const value of this.values.keys()) {
      if (!/^:[A-Za-z0-9_]+$/.test(value)) {
        throw validationError(
          `ExpressionAttributeValues contains invalid key: Syntax error; key: "${value}"`,
        );
      }
    }
  }

  /** With no placeholders at all: what a pure parser unit test starts from. */
  static none(): Placeholders {
    return new Placeholders(undefined, undefined, true);
  }

  name(reference: string, stream: TokenStream): string {
    const name = this.names.get(reference);
    if (name === undefined) {
      throw stream.error(
        `An expression attribute name used in the document path is not defined; attribute name: ${reference}`,
      );
    }
    this.usedNames.add(reference);
    return name;
  }

  value(reference: string, stream: TokenStream): AttributeValue {
    const value = this.values.get(reference);
    if (value === undefined) {
      throw stream.error(
        `An expression attribute value used in expression is not defined; attribute value: ${reference}`,
      );
    }
    this.usedValues.add(reference);
    return value;
  }

  /** Call once every expression of the request is parsed. */
  assertAllUsed(): void {
    const unusedNames = [...this.names.keys()].filter((key) => !this.usedNames.has(key));
    if (unusedNames.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = [...this.values.keys()].filter((key) => !this.usedValues.has(key));
    if (unusedValues.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

function checkMap(raw: unknown, field: string, hasExpression: boolean): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!hasExpression)
    throw validationError(`${field} can only be specified when using expressions`);
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw validationError(`${field} must be a map`);
  if (Object.keys(raw).length === 0) throw validationError(`${field} must not be empty`);
  return raw as Record<string, unknown>;
}
