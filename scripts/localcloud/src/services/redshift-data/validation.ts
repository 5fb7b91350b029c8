/** Input validation with the Data API's constraints and its ValidationException wording. */
import { AwsError } from '../../core/aws-error';
import type { WireJson } from '../../core/json-protocol';

export const STATEMENT_ID_PATTERN = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$/;
const PARAMETER_NAME_PATTERN = /^[0-9a-zA-Z_]+$/;
export const MAX_SQL_LENGTH = 100_000;
export const MAX_BATCH_SQLS = 40;
const MAX_STATEMENT_NAME_LENGTH = 500;
const MAX_WAIT_SECONDS = 30;

export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

function constraint(value: unknown, member: string, rule: string): AwsError {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const shown = value === undefined || value === null ? 'null' : `'${text}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${rule}`,
  );
}

export function requireString(input: WireJson, key: string, member: string): string {
  const value = input[key];
  if (value === undefined || value === null)
    throw constraint(value, member, 'Member must not be null');
  if (typeof value !== 'string') throw validationError(`${key} must be a string`);
  return value;
}

export function optionalString(input: WireJson, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`${key} must be a string`);
  return value;
}

export function validateSql(sql: string, member: string): void {
  if (sql.length < 1)
    throw constraint(sql, member, 'Member must have length greater than or equal to 1');
  if (sql.length > MAX_SQL_LENGTH)
    throw constraint(
      '…',
      member,
      `Member must have length less than or equal to ${MAX_SQL_LENGTH}`,
    );
}

export function validateStatementId(id: string): void {
  if (!STATEMENT_ID_PATTERN.test(id)) {
    throw validationError(
      'id must satisfy regex pattern: ^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\\d+)?$',
    );
  }
}

export function validateStatementName(name: string | undefined): void {
  if (name !== undefined && name.length > MAX_STATEMENT_NAME_LENGTH)
    throw constraint(
      name,
      'statementName',
      `Member must have length less than or equal to ${MAX_STATEMENT_NAME_LENGTH}`,
    );
}

export interface SqlParameter {
  readonly name: string;
  readonly value: string;
}

export function readParameters(input: WireJson): SqlParameter[] | undefined {
  const raw = input.Parameters;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw validationError('Parameters must be a list');
  if (raw.length < 1)
    throw constraint('[]', 'parameters', 'Member must have length greater than or equal to 1');
  const seen = new Set<string>();
  return raw.map((parameter: WireJson, index) => {
    const at = `parameters.${index + 1}.member`;
    const name = parameter?.name;
    const value = parameter?.value;
    if (typeof name !== 'string') throw constraint(name, `${at}.name`, 'Member must not be null');
    if (!PARAMETER_NAME_PATTERN.test(name))
      throw constraint(
        name,
        `${at}.name`,
        'Member must satisfy regular expression pattern: [0-9a-zA-Z_]+',
      );
    if (typeof value !== 'string')
      throw constraint(value, `${at}.value`, 'Member must not be null');
    if (value.length < 1)
      throw constraint(value, `${at}.value`, 'Member must have length greater than or equal to 1');
    if (seen.has(name)) throw validationError(`Parameter ${name} is provided more than once.`);
    seen.add(name);
    return { name, value };
  });
}

export interface ConnectionTarget {
  readonly clusterIdentifier?: string;
  readonly workgroupName?: string;
  readonly database: string;
  readonly dbUser?: string;
  readonly secretArn?: string;
}

/** Where a statement runs: a cluster or a workgroup (exactly one), and a database. */
export function readConnectionTarget(input: WireJson): ConnectionTarget {
  if (input.SessionId !== undefined)
    throw validationError('SessionId is not supported by the local Redshift Data API.');
  const clusterIdentifier = optionalString(input, 'ClusterIdentifier');
  const workgroupName = optionalString(input, 'WorkgroupName');
  if (clusterIdentifier !== undefined && workgroupName !== undefined)
    throw validationError('Specify either a ClusterIdentifier or a WorkgroupName, not both.');
  if (clusterIdentifier === undefined && workgroupName === undefined)
    throw validationError('Either a ClusterIdentifier or a WorkgroupName is required.');
  const database = requireString(input, 'Database', 'database');
  if (database.length < 1 || database.length > 64)
    throw constraint(database, 'database', 'Member must have length between 1 and 64');
  const dbUser = optionalString(input, 'DbUser');
  const secretArn = optionalString(input, 'SecretArn');
  return {
    ...(clusterIdentifier !== undefined && { clusterIdentifier }),
    ...(workgroupName !== undefined && { workgroupName: workgroupNameOf(workgroupName) }),
    database,
    ...(dbUser !== undefined && { dbUser }),
    ...(secretArn !== undefined && { secretArn }),
  };
}

/** A workgroup may be given by ARN; statements on it are the same workgroup either way. */
function workgroupNameOf(nameOrArn: string): string {
  const match = /^arn:aws[a-z-]*:redshift-serverless:[^:]*:\d*:workgroup\/(.+)$/.exec(nameOrArn);
  return match ? match[1]! : nameOrArn;
}

export function readWaitSeconds(input: WireJson): number {
  const value = input.WaitTimeSeconds;
  if (value === undefined || value === null) return 0;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_WAIT_SECONDS
  )
    throw constraint(
      value,
      'waitTimeSeconds',
      `Member must have value between 0 and ${MAX_WAIT_SECONDS}`,
    );
  return value;
}

export function readResultFormat(input: WireJson): 'JSON' | 'CSV' {
  const value = input.ResultFormat;
  if (value === undefined || value === null) return 'JSON';
  if (value !== 'JSON' && value !== 'CSV')
    throw constraint(value, 'resultFormat', 'Member must satisfy enum value set: [CSV, JSON]');
  return value;
}
