/**
 * Command lines of the warehouse CLIs (`npm run migrate`, `npm run query`, `npm run elt`). Every
 * connection flag has a local default, so against `npm run localcloud` none is needed; the
 * names themselves come from the platform definition in connection.ts, not from here.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/usage-error';

export class WarehouseArgumentError extends UsageError {
  override readonly name = 'WarehouseArgumentError';
}

/** Where to connect; undefined fields take the local defaults (connection.ts). */
export interface ConnectionArgs {
  /** Platform environment whose names are the defaults. @default 'dev' */
  readonly env: string;
  readonly workgroup?: string;
  readonly database?: string;
  /** Data API endpoint; `aws` uses the SDK's own. @default localcloud's, http://127.0.0.1:4566 */
  readonly endpoint?: string;
  /** Folder holding migrations/, loads/, transforms/, queries/. @default the repository's sql/ */
  readonly sqlDir?: string;
}

export interface MigrateArgs extends ConnectionArgs {
  /**
   * Secrets Manager secret to connect with (the namespace's admin secret in AWS: migrations create
   * schemas and roles). @default none: the caller's IAM identity (localcloud ignores identities)
   */
  readonly secretArn?: string;
}

export type QueryArgs =
  | (ConnectionArgs & { readonly mode: 'list' })
  | (ConnectionArgs & {
      readonly mode: 'run';
      readonly name: string;
      readonly params: Readonly<Record<string, string>>;
    });

export interface EltArgs extends ConnectionArgs {
  readonly day: string;
  /** The first day of a range ending at `day` (a backfill). @default day */
  readonly from?: string;
  /** `json` locally (what the local lake holds), `parquet` in AWS. @default 'json' */
  readonly format: 'json' | 'parquet';
  readonly cleanBucket?: string;
  readonly curatedBucket?: string;
  readonly copyRoleArn?: string;
}

const CONNECTION_OPTIONS = {
  env: { type: 'string' },
  workgroup: { type: 'string' },
  database: { type: 'string' },
  endpoint: { type: 'string' },
  'sql-dir': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (cause) {
    throw new WarehouseArgumentError((cause as Error).message, { cause });
  }
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '')
    throw new WarehouseArgumentError(`--${flag} needs a value`);
  return value;
}

function connection(values: Record<string, unknown>): ConnectionArgs {
  const text = (flag: string): string | undefined =>
    nonEmpty(flag, values[flag] as string | undefined);
  return {
    env: text('env') ?? 'dev',
    ...optional('workgroup', text('workgroup')),
    ...optional('database', text('database')),
    ...optional('endpoint', text('endpoint')),
    ...optional('sqlDir', text('sql-dir')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function parseMigrateArgs(argv: readonly string[]): MigrateArgs {
  const { values } = parse(
    argv,
    { ...CONNECTION_OPTIONS, 'secret-arn': { type: 'string' } },
    false,
  );
  return {
    ...connection(values),
    ...optional('secretArn', nonEmpty('secret-arn', values['secret-arn'])),
  };
}

export function parseQueryArgs(argv: readonly string[]): QueryArgs {
  const { values, positionals } = parse(
    argv,
    {
      ...CONNECTION_OPTIONS,
      list: { type: 'boolean', default: false },
      param: { type: 'string', multiple: true },
    },
    true,
  );
  const base = connection(values);
  if (values.list === true) {
    if (positionals.length > 0 || values.param !== undefined)
      throw new WarehouseArgumentError('--list takes no query name or --param');
    return { ...base, mode: 'list' };
  }
  const [name, ...extra] = positionals;
  if (name === undefined)
    throw new WarehouseArgumentError('Name a query (npm run query -- --list shows them)');
  if (extra.length > 0)
    throw new WarehouseArgumentError(`One query at a time; also got ${extra.join(' ')}`);
  const params: Record<string, string> = {};
  for (const pair of values.param ?? []) {
    const match = /^([A-Za-z0-9_]+)=(.*)$/s.exec(pair);
    if (!match) throw new WarehouseArgumentError(`--param takes name=value, got "${pair}"`);
    const [, key = '', value = ''] = match;
    if (key in params) throw new WarehouseArgumentError(`--param ${key} is given twice`);
    params[key] = value;
  }
  return { ...base, mode: 'run', name, params };
}

export function parseEltArgs(argv: readonly string[]): EltArgs {
  const { values } = parse(
    argv,
    {
      ...CONNECTION_OPTIONS,
      day: { type: 'string' },
      from: { type: 'string' },
      format: { type: 'string' },
      'clean-bucket': { type: 'string' },
      'curated-bucket': { type: 'string' },
      'copy-role-arn': { type: 'string' },
    },
    false,
  );
  const day = values.day;
  if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new WarehouseArgumentError('--day YYYY-MM-DD is required');
  const from = values.from;
  if (from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(from))
    throw new WarehouseArgumentError(`--from must be YYYY-MM-DD, got "${from}"`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'parquet')
    throw new WarehouseArgumentError(`--format must be json or parquet, got "${format}"`);
  return {
    ...connection(values),
    day,
    ...optional('from', from),
    format,
    ...optional('cleanBucket', nonEmpty('clean-bucket', values['clean-bucket'])),
    ...optional('curatedBucket', nonEmpty('curated-bucket', values['curated-bucket'])),
    ...optional('copyRoleArn', nonEmpty('copy-role-arn', values['copy-role-arn'])),
  };
}
