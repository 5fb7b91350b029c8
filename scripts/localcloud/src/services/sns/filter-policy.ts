/**
 * SNS subscription filter policies. The grammar is EventBridge's event-pattern grammar: a key maps
 * to a list of conditions (exact string/number/boolean/null, `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but`, `numeric`, `exists`), `$or` combines alternatives, and a
 * key matches when any condition matches any of its values. Pure, so it is unit-tested directly.
 */

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists'];

/** Why a policy is refused (AWS's reason text, without the `Invalid parameter:` prefix), or undefined. */
export function filterPolicyProblem(text: string, scope: FilterPolicyScope): string | undefined {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return 'FilterPolicy: failed to parse JSON.';
  }
  if (!isObject(policy)) return 'FilterPolicy: Filter policy must be a JSON object';
  try {
    const { keys, combinations } = checkLevel(policy, scope, 0);
    if (keys > MAX_KEYS)
      return `FilterPolicy: Filter policy can not have more than ${MAX_KEYS} keys`;
    if (combinations > MAX_COMBINATIONS) return 'FilterPolicy: Filter policy is too complex';
  } catch (error) {
    return `FilterPolicy: ${(error as Error).message}`;
  }
  return undefined;
}

function checkLevel(
  policy: JsonObject,
  scope: FilterPolicyScope,
  depth: number,
): { keys: number; combinations: number } {
  let keys = 0;
  let combinations = 1;
  for (const [key, value] of Object.entries(policy)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject))
        throw new Error('$or must be an array of at least two policies');
      const branches = value.map((branch) => checkLevel(branch, scope, depth));
      keys += Math.max(...branches.map((branch) => branch.keys));
      combinations *= branches.reduce((sum, branch) => sum + branch.combinations, 0);
      continue;
    }
    if (isObject(value)) {
      if (scope === 'MessageAttributes')
        throw new Error(
          'Filter policy scope MessageAttributes does not support nested filter policy',
        );
      const nested = checkLevel(value, scope, depth + 1);
      keys += nested.keys;
      combinations *= nested.combinations;
      continue;
    }
    if (!Array.isArray(value) || value.length === 0)
      throw new Error(`"${key}" must be an object or an array`);
    value.forEach(checkCondition);
    keys += 1;
    combinations *= value.length;
  }
  return { keys, combinations };
}

function checkCondition(condition: Json): void {
  if (!isObject(condition)) {
    if (Array.isArray(condition))
      throw new Error('Match value must be String, number, true, false, or null');
    return;
  }
  const entries = Object.entries(condition);
  if (entries.length !== 1) throw new Error('Only one key allowed in match expression');
  const [operator, operand] = entries[0]!;
  if (!OPERATORS.includes(operator)) throw new Error(`Unrecognized match type ${operator}`);
  if (
    (operator === 'prefix' || operator === 'suffix' || operator === 'equals-ignore-case') &&
    typeof operand !== 'string'
  )
    throw new Error(`${operator} match pattern must be a string`);
  if (operator === 'exists' && typeof operand !== 'boolean')
    throw new Error('exists match pattern must be either true or false.');
  if (operator === 'numeric') checkNumeric(operand);
}

function checkNumeric(operand: Json): void {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0)
    throw new Error('Value of numeric must be an array.');
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    if (typeof operator !== 'string' || !['=', '<', '<=', '>', '>='].includes(operator))
      throw new Error(`Unrecognized numeric range operator: ${JSON.stringify(operator)}`);
    if (typeof operand[index + 1] !== 'number')
      throw new Error(`Value of ${operator} must be numeric`);
  }
}

/** The values a key has in the message: absent → undefined; present → a non-empty list. */
export type ValuesOf = (path: readonly string[]) => Json[] | undefined;

export function matchesFilterPolicy(
  policy: JsonObject,
  valuesOf: ValuesOf,
  path: string[] = [],
): boolean {
  return Object.entries(policy).every(([key, conditions]) => {
    if (key === '$or')
      return (conditions as JsonObject[]).some((branch) =>
        matchesFilterPolicy(branch, valuesOf, path),
      );
    if (isObject(conditions)) return matchesFilterPolicy(conditions, valuesOf, [...path, key]);
    const values = valuesOf([...path, key]);
    return (conditions as Json[]).some((condition) => matchesCondition(condition, values));
  });
}

function matchesCondition(condition: Json, values: Json[] | undefined): boolean {
  if (!isObject(condition))
    return values !== undefined && values.some((value) => value === condition);
  const [operator, operand] = Object.entries(condition)[0]!;
  if (operator === 'exists') return (values !== undefined) === operand;
  if (values === undefined) return false;
  switch (operator) {
    case 'prefix':
      return values.some(
        (value) => typeof value === 'string' && value.startsWith(operand as string),
      );
    case 'suffix':
      return values.some((value) => typeof value === 'string' && value.endsWith(operand as string));
    case 'equals-ignore-case':
      return values.some(
        (value) =>
          typeof value === 'string' && value.toLowerCase() === (operand as string).toLowerCase(),
      );
    case 'numeric':
      return values.some((value) => typeof value === 'number' && inRange(value, operand as Json[]));
    case 'anything-but':
      return values.every((value) => !matchesAnythingBut(operand, value));
    default:
      return false;
  }
}

/** True when `value` is one of the excluded values. */
function matchesAnythingBut(excluded: Json, value: Json): boolean {
  if (Array.isArray(excluded)) return excluded.some((item) => item === value);
  if (isObject(excluded)) {
    const [operator, operand] = Object.entries(excluded)[0] ?? [];
    if (typeof value !== 'string' || typeof operand !== 'string') return false;
    if (operator === 'prefix') return value.startsWith(operand);
    if (operator === 'suffix') return value.endsWith(operand);
    return false;
  }
  return excluded === value;
}

function inRange(value: number, range: Json[]): boolean {
  for (let index = 0; index < range.length; index += 2) {
    const bound = range[index + 1] as number;
    switch (range[index]) {
      case '=':
        if (!(value === bound)) return false;
        break;
      case '<':
        if (!(value < bound)) return false;
        break;
      case '<=':
        if (!(value <= bound)) return false;
        break;
      case '>':
        if (!(value > bound)) return false;
        break;
      case '>=':
        if (!(value >= bound)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Message attributes as filter values: Number → number, String.Array → its items; Binary never matches. */
export function attributeValues(
  attributes: Readonly<Record<string, { DataType: string; StringValue?: string }>>,
): ValuesOf {
  return ([name]) => {
    const attribute = name !== undefined ? attributes[name] : undefined;
    if (!attribute || attribute.StringValue === undefined) return undefined;
    if (attribute.DataType.startsWith('Number')) return [Number(attribute.StringValue)];
    if (attribute.DataType === 'String.Array') {
      try {
        const items = JSON.parse(attribute.StringValue) as Json;
        return Array.isArray(items) ? items : [attribute.StringValue];
      } catch {
        return [attribute.StringValue];
      }
    }
    if (attribute.DataType.startsWith('Binary')) return undefined;
    return [attribute.StringValue];
  };
}

/** A JSON message body as filter values; a body that is not a JSON object matches nothing. */
export function bodyValues(message: string): ValuesOf {
  let body: Json;
  try {
    body = JSON.parse(message) as Json;
  } catch {
    body = null;
  }
  return (path) => {
    let nodes: Json[] = [body];
    for (const key of path) {
      nodes = nodes.flatMap((node) => {
        if (!isObject(node) || !Object.hasOwn(node, key)) return [];
        const child = node[key]!;
        return Array.isArray(child) ? child : [child];
      });
    }
    return nodes.length > 0 ? nodes : undefined;
  };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
