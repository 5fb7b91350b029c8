/**
 * The ELT over a range of days (one day on most nights, more when catching up): `loads/*.sql`
 * (COPY the range's clean files and the day's curated snapshots into staging) then
 * `transforms/*.sql` (staging → dimensions and facts), each file in name order. A transform runs
 * as ONE batch, so it is all done or not at all; a load runs one batch per partition path it
 * COPYs. Everything is read, substituted and checked against the Data API's limits before the
 * first statement runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementOutcome, WarehouseSession } from './data-api';
import { ELT_CATCH_UP_DAYS } from '../../../infra/aws/facts/warehouse';
import {
  EltDeadlineError,
  EltInputError,
  EltStepError,
  WarehouseStatementError,
  WarehouseTimeoutError,
} from './errors';
import { declaredParameters, type QueryParameter } from './queries';
import {
  batchLimitViolation,
  firstKeyword,
  namedParameters,
  splitStatements,
} from './sql-statements';

/**
 * The placeholders a load may use. The paths are derived from the run: `DAY_PATH` is the run's day
 * (a curated snapshot dated that day); `PARTITION_PATH` is each partition path of the run's range
 * in turn, and may only appear in a load's last statement, its COPY, which runs once per path.
 * The rest are given.
 */
export const LOAD_PLACEHOLDERS = [
  'CLEAN_BUCKET',
  'CURATED_BUCKET',
  'COPY_ROLE_ARN',
  'COPY_FORMAT',
  'DAY_PATH',
  'PARTITION_PATH',
] as const;
export type LoadVariable = Exclude<
  (typeof LOAD_PLACEHOLDERS)[number],
  'DAY_PATH' | 'PARTITION_PATH'
>;
const PARTITION_PATH = '{{PARTITION_PATH}}';

/** A range of this many days or fewer is COPYd day by day; a longer one month by month. */
export const DAY_PATHS_UP_TO = 7;

/** The COPY format clause for each lake file format: Parquet in AWS, JSON locally. */
export const COPY_FORMAT_CLAUSES = {
  parquet: 'FORMAT AS PARQUET',
  json: "FORMAT AS JSON 'auto'",
} as const;
export type CopyFormat = keyof typeof COPY_FORMAT_CLAUSES;

/**
 * The Data API parameters every transform may use: the run's day, `CAST(:run_date AS DATE)`, the
 * last of its range, and the range's first day, `CAST(:from_date AS DATE)`. A transform of events
 * replaces the range's days; one dated "as of" (a snapshot, a model's input) reads the run's day.
 * A transform may declare settings of its own in its header, `-- @param <name> <value> <text>` as
 * queries do (a window's days, how many rows to keep), bound the same way: the value is stated
 * once, in the file, and never pasted into the SQL.
 */
export const RUN_DATE_PARAMETER = 'run_date';
export const FROM_DATE_PARAMETER = 'from_date';
const RUNNER_PARAMETERS: readonly string[] = [RUN_DATE_PARAMETER, FROM_DATE_PARAMETER];

export interface EltOptions {
  /** Folder holding `loads/` and `transforms/`. */
  readonly sqlDirectory: string;
  /** The day to load, `YYYY-MM-DD` (UTC): the last of the range. */
  readonly day: string;
  /**
   * The first day of the range, at most {@link ELT_CATCH_UP_DAYS} days in all.
   * @default day
   */
  readonly fromDay?: string;
  readonly variables: Readonly<Record<LoadVariable, string>>;
  /** No file starts after this instant (epoch ms); the run then throws {@link EltDeadlineError}. */
  readonly deadline?: number;
}

export interface EltFileResult {
  /** `loads/01_access_events.sql` */
  readonly file: string;
  readonly phase: 'load' | 'transform';
  readonly status: 'ran' | 'skipped';
  /** Rows affected by the file's statements (loaded, inserted, deleted, updated), summed. */
  readonly rowsAffected: number;
  /** Wall time of the file's batches, submission to end, in milliseconds. */
  readonly durationMs: number;
  /** Why a file was skipped. */
  readonly reason?: string;
  /** A load's partition paths: COPYd, and found without files (which a long range expects). */
  readonly partitions?: { readonly loaded: number; readonly missing: number };
}

export interface EltReport {
  readonly day: string;
  readonly fromDay: string;
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
const DAY_MS = 86_400_000;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;
/** Redshift's (and the local emulator's) COPY error when nothing matches the prefix. */
const MISSING_PREFIX = /The specified S3 prefix '[^']*' does not exist/;

/** `year=2024/month=05/day=01` for `2024-05-01`; refuses anything that is not a calendar day. */
export function dayPath(day: string): string {
  const match = calendarDay(day);
  return `year=${match[1]}/month=${match[2]}/day=${match[3]}`;
}

function calendarDay(day: string): RegExpExecArray {
  const match = DAY.exec(day);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
    throw new EltInputError(`"${day}" is not a day in the form YYYY-MM-DD`);
  return match;
}

/**
 * Every day from `fromDay` to `day`, both included. Refuses a range that ends before it starts
 * or is longer than {@link ELT_CATCH_UP_DAYS}.
 */
export function daysOfRange(fromDay: string, day: string): string[] {
  calendarDay(fromDay);
  calendarDay(day);
  const first = Date.parse(`${fromDay}T00:00:00Z`);
  const count = Math.round((Date.parse(`${day}T00:00:00Z`) - first) / DAY_MS) + 1;
  if (count < 1) throw new EltInputError(`The range ${fromDay} to ${day} ends before it starts`);
  if (count > ELT_CATCH_UP_DAYS)
    throw new EltInputError(
      `The range ${fromDay} to ${day} holds ${count} days; a run loads at most ${ELT_CATCH_UP_DAYS}`,
    );
  return Array.from({ length: count }, (_, index) => shiftDay(fromDay, index));
}

/** The day `days` days after `day` (before, when negative). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The partition paths that hold the range's days: each day's for a range of up to
 * {@link DAY_PATHS_UP_TO} days (a night, or a few missed ones), else each month's
 * (`year=2024/month=05`), which keeps a catch-up to a handful of COPYs. A month's path also holds
 * days outside the range; the transforms keep only the range's.
 */
export function partitionPaths(fromDay: string, day: string): string[] {
  const days = daysOfRange(fromDay, day);
  if (days.length <= DAY_PATHS_UP_TO) return days.map(dayPath);
  return [...new Set(days.map((each) => dayPath(each).replace(/\/day=\d{2}$/, '')))];
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
  const fromDay = options.fromDay ?? options.day;
  const paths = partitionPaths(fromDay, options.day);
  const values: Record<string, string> = { ...options.variables, DAY_PATH: dayPath(options.day) };
  for (const [name, value] of Object.entries(values)) {
    // Values land inside quoted SQL literals; a quote or `;` there would change the statement.
    if (name !== 'COPY_FORMAT' && /['";\\]/.test(value))
      throw new EltInputError(`The value of ${name} contains a quote, backslash or semicolon`);
  }
  const loads = sqlFiles(options.sqlDirectory, 'loads').map((file): PlannedFile => ({
    file,
    phase: 'load',
    statements: loadStatements(
      file,
      readFileSync(join(options.sqlDirectory, file), 'utf8'),
      values,
      paths,
    ),
  }));
  const transforms = sqlFiles(options.sqlDirectory, 'transforms').map((file): PlannedFile => {
    const text = readFileSync(join(options.sqlDirectory, file), 'utf8');
    const statements = splitStatements(text);
    const placeholder = statements.find((statement) => /\{\{.*?\}\}/.test(statement));
    if (placeholder !== undefined)
      throw new EltInputError(`${file}: placeholders belong in loads; transforms take :run_date`);
    const parameters = transformParameters(file, text, statements, {
      [RUN_DATE_PARAMETER]: options.day,
      [FROM_DATE_PARAMETER]: fromDay,
    });
    return {
      file,
      phase: 'transform',
      statements,
      ...(Object.keys(parameters).length > 0 && { parameters }),
    };
  });
  const planned = [...loads, ...transforms];
  for (const step of planned) {
    for (const batch of batchesOf(step)) {
      const violation = batchLimitViolation(batch);
      if (violation !== undefined)
        throw new EltInputError(`${step.file} cannot run as one batch: ${violation}`);
    }
  }
  return planned;
}

/**
 * A load's statements, placeholders filled: its COPY of `{{PARTITION_PATH}}` once per path. That
 * COPY must be the file's last statement, so each of its copies can run as a batch of its own.
 */
function loadStatements(
  file: string,
  text: string,
  values: Readonly<Record<string, string>>,
  paths: readonly string[],
): string[] {
  const statements = splitStatements(text);
  const ranged = statements.findIndex((statement) => statement.includes(PARTITION_PATH));
  const fill = (statement: string, extra: Record<string, string> = {}): string =>
    substitutePlaceholders(statement, { ...values, ...extra }, file);
  if (ranged === -1) return statements.map((statement) => fill(statement));
  const copy = statements[ranged]!;
  if (ranged !== statements.length - 1 || firstKeyword(copy) !== 'COPY')
    throw new EltInputError(
      `${file}: {{PARTITION_PATH}} belongs in the load's last statement, a COPY`,
    );
  return [
    ...statements.slice(0, ranged).map((statement) => fill(statement)),
    ...paths.map((path) => fill(copy, { PARTITION_PATH: path })),
  ];
}

/**
 * How a step runs: a transform as one batch; a load as batches that each end at a COPY (its
 * statements up to the first COPY with it, then each further COPY alone), so one path without
 * files fails only its own batch.
 */
function batchesOf(step: PlannedFile): string[][] {
  if (step.phase === 'transform') return [step.statements];
  const batches: string[][] = [[]];
  for (const statement of step.statements) {
    batches[batches.length - 1]!.push(statement);
    if (firstKeyword(statement) === 'COPY') batches.push([]);
  }
  return batches.filter((batch) => batch.length > 0);
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
  runner: Readonly<Record<string, string>>,
): Record<string, string> {
  const declared = settingsOf(file, text);
  const shadowing = declared.find((parameter) => RUNNER_PARAMETERS.includes(parameter.name));
  if (shadowing !== undefined)
    throw new EltInputError(`${file}: ${shadowing.name} is the runner's; declare another name`);
  const values: Record<string, string> = {
    ...runner,
    ...Object.fromEntries(declared.map((parameter) => [parameter.name, parameter.defaultValue])),
  };
  const used = new Set(statements.flatMap((statement) => [...namedParameters(statement)]));
  const unknown = [...used].filter((name) => !(name in values));
  if (unknown.length > 0)
    throw new EltInputError(
      `${file}: :${unknown.join(', :')} is neither :${RUNNER_PARAMETERS.join(' nor :')} nor declared (-- @param)`,
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
  // A night's own paths keep the failure event (a day without files alerts, as it always did); a
  // catch-up expects paths without files, so its COPYs go without it.
  const catchingUp = (options.fromDay ?? options.day) !== options.day;
  const files: EltFileResult[] = [];
  for (const step of planned)
    files.push(await runStep(session, step, files, catchingUp, options.deadline));
  return {
    day: options.day,
    fromDay: options.fromDay ?? options.day,
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
  quietCopies: boolean,
  deadline: number | undefined,
): Promise<EltFileResult> {
  const completed = done.map((file) => file.file);
  const fail = (cause: unknown): EltStepError | EltDeadlineError => {
    if (cause instanceof EltDeadlineError) return cause;
    // A batch cut short by the run's deadline is the deadline's doing, not the file's.
    if (cause instanceof WarehouseTimeoutError && deadline !== undefined && Date.now() >= deadline)
      return new EltDeadlineError(step.file, completed);
    return new EltStepError(step.file, completed, cause);
  };
  /** What is left of the run's time budget for the next batch, or the session's own timeout. */
  const budget = (): { timeoutMs?: number } => {
    if (deadline === undefined) return {};
    const left = deadline - Date.now();
    if (left <= 0) throw new EltDeadlineError(step.file, completed);
    return { timeoutMs: left };
  };
  const batches = batchesOf(step);
  const started = performance.now();
  let rowsAffected = 0;
  let loaded = 0;
  const missing: string[] = [];
  for (const batch of batches) {
    const copies = batch.some((statement) => firstKeyword(statement) === 'COPY');
    try {
      // A catch-up's COPY runs without the statement's failure event: a path without files is
      // expected (months before the lake's history), and any other failure fails the run, which
      // alerts through the function's error alarm and dead-letter queue.
      const options = { ...budget(), ...(copies && quietCopies && { withEvent: false }) };
      rowsAffected += rowsOf(await session.batch(batch, step.parameters, options));
      if (copies) loaded += 1;
    } catch (error) {
      if (step.phase !== 'load' || !isMissingPrefix(error)) throw fail(error);
      // No files under that path. The rest of the batch still runs (the first one's DELETE
      // empties staging), so the transforms never see rows left from an earlier run.
      missing.push(error.engineError.replace(/^ERROR:\s*/, ''));
      const rest = batch.filter((statement) => firstKeyword(statement) !== 'COPY');
      if (rest.length > 0) {
        try {
          rowsAffected += rowsOf(await session.batch(rest, step.parameters, budget()));
        } catch (restError) {
          throw fail(restError);
        }
      }
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const result = { file: step.file, phase: step.phase, rowsAffected, durationMs };
  if (step.phase === 'transform') return { ...result, status: 'ran' };
  const partitions = { loaded, missing: missing.length };
  return loaded > 0 || missing.length === 0
    ? { ...result, status: 'ran', partitions }
    : { ...result, status: 'skipped', partitions, reason: missing[0]! };
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
