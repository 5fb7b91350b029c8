/**
 * The daily ELT: `loads/*.sql` (COPY the day's clean and curated files into staging) then
 * `transforms/*.sql` (staging → dimensions and facts), each file in name order and as ONE batch,
 * so a file is all done or not at all. Everything is read, substituted and checked against the
 * Data API's limits before the first statement runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementOutcome, WarehouseSession } from './data-api';
import { EltInputError, EltStepError, WarehouseStatementError } from './errors';
import { declaredParameters, type QueryParameter } from './queries';
import {
  batchLimitViolation,
  firstKeyword,
  namedParameters,
  splitStatements,
} from './sql-statements';

/** The placeholders a load may use; `DAY_PATH` is derived from the day, the rest are given. */
export const LOAD_PLACEHOLDERS = [
  'CLEAN_BUCKET',
  'CURATED_BUCKET',
  'COPY_ROLE_ARN',
  'COPY_FORMAT',
  'DAY_PATH',
] as const;
export type LoadVariable = Exclude<(typeof LOAD_PLACEHOLDERS)[number], 'DAY_PATH'>;

/** The COPY format clause for each lake file format: Parquet in AWS, JSON locally. */
export const COPY_FORMAT_CLAUSES = {
  parquet: 'FORMAT AS PARQUET',
  json: "FORMAT AS JSON 'auto'",
} as const;
export type CopyFormat = keyof typeof COPY_FORMAT_CLAUSES;

/**
 * The Data API parameter every transform gets: the day, used as `CAST(:run_date AS DATE)`. A
 * transform may declare settings of its own in its header, `-- @param <name> <value> <text>` as
 * queries do (a window's days, how many rows to keep), bound the same way: the value is stated
 * once, in the file, and never pasted into the SQL.
 */
export const RUN_DATE_PARAMETER = 'run_date';

export interface EltOptions {
  /** Folder holding `loads/` and `transforms/`. */
  readonly sqlDirectory: string;
  /** The day to load, `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly variables: Readonly<Record<LoadVariable, string>>;
}

export interface EltFileResult {
  /** `loads/01_access_events.sql` */
  readonly file: string;
  readonly phase: 'load' | 'transform';
  readonly status: 'ran' | 'skipped';
  /** Rows affected by the file's statements (loaded, inserted, deleted, updated), summed. */
  readonly rowsAffected: number;
  /** Why a file was skipped. */
  readonly reason?: string;
}

export interface EltReport {
  readonly day: string;
  readonly files: readonly EltFileResult[];
  readonly ran: readonly string[];
  readonly skipped: readonly string[];
  readonly rowsAffected: number;
}

interface PlannedFile {
  readonly file: string;
  readonly phase: 'load' | 'transform';
  readonly statements: string[];
  readonly parameters?: Record<string, string>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;
/** Redshift's (and the local emulator's) COPY error when nothing matches the prefix. */
const MISSING_PREFIX = /The specified S3 prefix '[^']*' does not exist/;

/** `year=2024/month=05/day=01` for `2024-05-01`; refuses anything that is not a calendar day. */
export function dayPath(day: string): string {
  const match = DAY.exec(day);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
    throw new EltInputError(`"${day}" is not a day in the form YYYY-MM-DD`);
  return `year=${match[1]}/month=${match[2]}/day=${match[3]}`;
}

/**
 * Replaces `{{NAME}}` placeholders; one not in `known`, or one without a value, is an error.
 * The loads' placeholders by default; the model files pass theirs.
 */
export function substitutePlaceholders(
  sql: string,
  values: Readonly<Record<string, string>>,
  file: string,
  known: readonly string[] = LOAD_PLACEHOLDERS,
): string {
  return sql.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (!known.includes(name))
      throw new EltInputError(
        `${file}: unknown placeholder {{${name}}} (known: ${known.join(', ')})`,
      );
    if (value === undefined || value === '')
      throw new EltInputError(`${file}: no value for placeholder {{${name}}}`);
    return value;
  });
}

/** Reads and prepares every file; throws before anything runs if one is unusable. */
export function planElt(options: EltOptions): PlannedFile[] {
  const values: Record<string, string> = { ...options.variables, DAY_PATH: dayPath(options.day) };
  for (const [name, value] of Object.entries(values)) {
    // Values land inside quoted SQL literals; a quote or `;` there would change the statement.
    if (name !== 'COPY_FORMAT' && /['";\\]/.test(value))
      throw new EltInputError(`The value of ${name} contains a quote, backslash or semicolon`);
  }
  const loads = sqlFiles(options.sqlDirectory, 'loads').map((file): PlannedFile => {
    const statements = splitStatements(readFileSync(join(options.sqlDirectory, file), 'utf8')).map(
      (statement) => substitutePlaceholders(statement, values, file),
    );
    return { file, phase: 'load', statements };
  });
  const transforms = sqlFiles(options.sqlDirectory, 'transforms').map((file): PlannedFile => {
    const text = readFileSync(join(options.sqlDirectory, file), 'utf8');
    const statements = splitStatements(text);
    const placeholder = statements.find((statement) => /\{\{.*?\}\}/.test(statement));
    if (placeholder !== undefined)
      throw new EltInputError(`${file}: placeholders belong in loads; transforms take :run_date`);
    const parameters = transformParameters(file, text, statements, options.day);
    return {
      file,
      phase: 'transform',
      statements,
      ...(Object.keys(parameters).length > 0 && { parameters }),
    };
  });
  const planned = [...loads, ...transforms];
  for (const { file, statements } of planned) {
    const violation = batchLimitViolation(statements);
    if (violation !== undefined)
      throw new EltInputError(`${file} cannot run as one batch: ${violation}`);
  }
  return planned;
}

/**
 * The parameters a transform's statements use: `run_date`, and the settings its header declares.
 * A parameter neither, a setting never used, or a setting named `run_date` is an error: the
 * Data API would refuse the first two, and the third would shadow the day.
 */
function transformParameters(
  file: string,
  text: string,
  statements: readonly string[],
  day: string,
): Record<string, string> {
  const declared = settingsOf(file, text);
  if (declared.some((parameter) => parameter.name === RUN_DATE_PARAMETER))
    throw new EltInputError(`${file}: ${RUN_DATE_PARAMETER} is the runner's; declare another name`);
  const values: Record<string, string> = {
    [RUN_DATE_PARAMETER]: day,
    ...Object.fromEntries(declared.map((parameter) => [parameter.name, parameter.defaultValue])),
  };
  const used = new Set(statements.flatMap((statement) => [...namedParameters(statement)]));
  const unknown = [...used].filter((name) => !(name in values));
  if (unknown.length > 0)
    throw new EltInputError(
      `${file}: :${unknown.join(', :')} is neither :${RUN_DATE_PARAMETER} nor declared (-- @param)`,
    );
  const unused = declared.filter((parameter) => !used.has(parameter.name));
  if (unused.length > 0)
    throw new EltInputError(
      `${file}: ${unused.map((parameter) => parameter.name).join(', ')} declared but never used`,
    );
  return Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
}

/** The settings a transform's header declares; a malformed declaration is an input error. */
function settingsOf(file: string, text: string): QueryParameter[] {
  try {
    return declaredParameters(file, text);
  } catch (cause) {
    throw new EltInputError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Runs the day's loads, then its transforms. Throws {@link EltStepError} at the first failure. */
export async function runElt(session: WarehouseSession, options: EltOptions): Promise<EltReport> {
  const planned = planElt(options);
  const files: EltFileResult[] = [];
  for (const step of planned) {
    files.push(await runStep(session, step, files));
  }
  return {
    day: options.day,
    files,
    ran: files.filter((file) => file.status === 'ran').map((file) => file.file),
    skipped: files.filter((file) => file.status === 'skipped').map((file) => file.file),
    rowsAffected: files.reduce((sum, file) => sum + file.rowsAffected, 0),
  };
}

async function runStep(
  session: WarehouseSession,
  step: PlannedFile,
  done: readonly EltFileResult[],
): Promise<EltFileResult> {
  const fail = (cause: unknown): EltStepError =>
    new EltStepError(
      step.file,
      done.map((file) => file.file),
      cause,
    );
  try {
    const outcome = await session.batch(step.statements, step.parameters);
    return { file: step.file, phase: step.phase, status: 'ran', rowsAffected: rowsOf(outcome) };
  } catch (error) {
    if (step.phase !== 'load' || !isMissingPrefix(error)) throw fail(error);
    // No files that day. The rest of the load still runs (its DELETE empties staging), so the
    // transforms see an empty day rather than the previous day's rows.
    const reason = error.engineError.replace(/^ERROR:\s*/, '');
    const rest = step.statements.filter((statement) => firstKeyword(statement) !== 'COPY');
    let rowsAffected = 0;
    if (rest.length > 0) {
      try {
        rowsAffected = rowsOf(await session.batch(rest, step.parameters));
      } catch (restError) {
        throw fail(restError);
      }
    }
    return { file: step.file, phase: step.phase, status: 'skipped', rowsAffected, reason };
  }
}

function isMissingPrefix(error: unknown): error is WarehouseStatementError {
  return error instanceof WarehouseStatementError && MISSING_PREFIX.test(error.engineError);
}

function rowsOf(outcome: StatementOutcome): number {
  return outcome.statements.reduce((sum, statement) => sum + statement.resultRows, 0);
}

/** `.sql` files of `<directory>/<folder>`, by name, as `<folder>/<file>`. */
function sqlFiles(directory: string, folder: 'loads' | 'transforms'): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(directory, folder));
  } catch (cause) {
    throw new EltInputError(`Cannot read ${join(directory, folder)}`, { cause });
  }
  return entries
    .filter((entry) => entry.endsWith('.sql'))
    .sort()
    .map((entry) => `${folder}/${entry}`);
}
