/**
 * Prepares the SQL of a submission (translation, COPY parsing, parameter checks; all before the
 * statement is accepted) and runs it on a database session as one transaction.
 */
import { parseCopyCommand, isCopyStatement, type CopyCommand } from './copy/copy-command';
import { CopyLoadError, runCopy, type ObjectSource } from './copy/load';
import type { Session } from './database-pool';
import { affectedRows, asPgError, runSimple, runStatement } from './pg-wire';
import type { FormattedResult } from './result-format';
import { SqlSyntaxError } from './sql/tokenizer';
import { translateRedshiftSql } from './sql/translate';
import { UnsupportedSqlError } from './sql/unsupported';
import { validationError, type SqlParameter } from './validation';
import { isModelStatement, parseModelStatement, type ModelStatement } from './ml/model-statement';
import { runModelStatement } from './ml/run-model-statement';

export type PreparedSql =
  | { readonly kind: 'sql'; readonly text: string; readonly parameterNames: readonly string[] }
  | { readonly kind: 'copy'; readonly command: CopyCommand }
  | { readonly kind: 'model'; readonly statement: ModelStatement };

/**
 * The engine runs PostgreSQL in single-user mode, which never checkpoints by itself: its WAL
 * would grow with every row written (a large day's load: gigabytes of disk). A CHECKPOINT once
 * this much WAL has accumulated lets it recycle the segments.
 */
export const CHECKPOINT_AFTER_WAL_BYTES = 64 * 1024 * 1024;

/** PostgreSQL refuses these inside a transaction block, so they run on their own. */
const OUTSIDE_TRANSACTION = /^\s*(VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM)\b/i;

/** Translates every SQL and checks parameters; throws ValidationException on refusal. */
export function prepareSqls(
  sqls: readonly string[],
  parameters: readonly SqlParameter[] | undefined,
): PreparedSql[] {
  const prepared = sqls.map((sql): PreparedSql => {
    try {
      if (isCopyStatement(sql)) return { kind: 'copy', command: parseCopyCommand(sql) };
      if (isModelStatement(sql)) return { kind: 'model', statement: parseModelStatement(sql) };
      const translation = translateRedshiftSql(sql);
      return { kind: 'sql', text: translation.sql, parameterNames: translation.parameterNames };
    } catch (error) {
      if (error instanceof UnsupportedSqlError) throw validationError(error.message);
      if (error instanceof SqlSyntaxError)
        throw validationError(`syntax error: ${error.message} at position ${error.position + 1}`);
      throw error;
    }
  });
  const provided = new Set((parameters ?? []).map((parameter) => parameter.name));
  const referenced = new Set(
    prepared.flatMap((sql) => (sql.kind === 'sql' ? sql.parameterNames : [])),
  );
  for (const name of referenced) {
    if (!provided.has(name))
      throw validationError(`The SQL references parameter :${name}, which is not in Parameters.`);
  }
  for (const name of provided) {
    if (!referenced.has(name))
      throw validationError(`Parameter ${name} is not referenced by the SQL.`);
  }
  return prepared;
}

export type SubOutcome =
  | {
      readonly ok: true;
      readonly durationNs: number;
      readonly rows: number;
      readonly result?: FormattedResult;
    }
  | { readonly ok: false; readonly durationNs: number; readonly error: string };

export interface UnitCallbacks {
  started(index: number): void;
  ended(index: number, outcome: SubOutcome): void;
  /** Asked between sub-statements; true rolls the unit back as cancelled. */
  cancelled(): boolean;
}

export type UnitOutcome = 'committed' | 'failed' | 'cancelled';

export async function runUnit(
  session: Session,
  prepared: readonly PreparedSql[],
  parameters: readonly SqlParameter[] | undefined,
  objectSource: ObjectSource,
  callbacks: UnitCallbacks,
): Promise<UnitOutcome> {
  const values = new Map((parameters ?? []).map((parameter) => [parameter.name, parameter.value]));
  const transactional = !prepared.some(
    (sql) => sql.kind === 'sql' && OUTSIDE_TRANSACTION.test(sql.text),
  );
  if (transactional) await runSimple(session.db, 'BEGIN');
  for (const [index, sql] of prepared.entries()) {
    if (callbacks.cancelled()) {
      if (transactional) await runSimple(session.db, 'ROLLBACK');
      return 'cancelled';
    }
    callbacks.started(index);
    const startedAt = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - startedAt);
    try {
      if (sql.kind === 'copy') {
        const rows = await runCopy(session.db, sql.command, objectSource);
        callbacks.ended(index, { ok: true, durationNs: elapsed(), rows });
      } else if (sql.kind === 'model') {
        const pg = await runModelStatement(session.db, sql.statement);
        const result = pg?.columns ? await session.catalog.format(pg) : undefined;
        callbacks.ended(index, {
          ok: true,
          durationNs: elapsed(),
          rows: result ? result.records.length : 0,
          ...(result && { result }),
        });
      } else {
        const bound = sql.parameterNames.map((name) => values.get(name) ?? null);
        const pg = await runStatement(session.db, sql.text, bound);
        const result = pg.columns ? await session.catalog.format(pg) : undefined;
        const rows = result ? result.records.length : affectedRows(pg.commandTag);
        callbacks.ended(index, {
          ok: true,
          durationNs: elapsed(),
          rows,
          ...(result && { result }),
        });
      }
    } catch (error) {
      callbacks.ended(index, { ok: false, durationNs: elapsed(), error: errorText(error) });
      if (transactional) await runSimple(session.db, 'ROLLBACK');
      return 'failed';
    }
  }
  if (transactional) {
    if (callbacks.cancelled()) {
      await runSimple(session.db, 'ROLLBACK');
      return 'cancelled';
    }
    await runSimple(session.db, 'COMMIT');
  }
  await checkpointWhenDue(session);
  await analyzeWhenDue(session);
  return 'committed';
}

/**
 * The tables PostgreSQL's autovacuum would analyze now: those whose rows changed since their last
 * analysis (`n_mod_since_analyze`) number more than `autovacuum_analyze_threshold` plus
 * `autovacuum_analyze_scale_factor` times their rows (50 and 10 % by default).
 */
const TABLES_DUE_FOR_ANALYZE = `
SELECT format('%I.%I', stats.schemaname, stats.relname)
FROM pg_stat_user_tables AS stats
JOIN pg_class AS class ON class.oid = stats.relid
WHERE stats.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
  + current_setting('autovacuum_analyze_scale_factor')::float8 * GREATEST(class.reltuples, 0)
ORDER BY 1`;

/**
 * Analyzes the tables that changed enough since their last analysis, as autovacuum would. Single-
 * user PostgreSQL runs no autovacuum, so without this no table ever has statistics, and the
 * planner, taking each for a few dozen rows, joins thousands with nested loops: a self-join of a
 * quarter's sales took minutes instead of a fraction of a second. Redshift analyzes on its own
 * too (automatic analyze). Returns the tables analyzed.
 */
export async function analyzeWhenDue(session: Pick<Session, 'db'>): Promise<string[]> {
  // A backend sends its counts to the statistics at most once a second; this one now.
  await runSimple(session.db, 'SELECT pg_stat_force_next_flush()');
  const { rows } = await runStatement(session.db, TABLES_DUE_FOR_ANALYZE);
  const tables = rows.map((row) => String(row[0]));
  for (const table of tables) await runSimple(session.db, `ANALYZE ${table}`);
  return tables;
}

/** Checkpoints when the WAL written since the last checkpoint exceeds CHECKPOINT_AFTER_WAL_BYTES. */
export async function checkpointWhenDue(
  session: Pick<Session, 'db'>,
  thresholdBytes = CHECKPOINT_AFTER_WAL_BYTES,
): Promise<boolean> {
  const { rows } = await runStatement(
    session.db,
    'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn) FROM pg_control_checkpoint()',
  );
  if (Number(rows[0]?.[0] ?? 0) < thresholdBytes) return false;
  await runSimple(session.db, 'CHECKPOINT');
  return true;
}

/** How Redshift spells an engine error in DescribeStatement's Error. */
function errorText(error: unknown): string {
  const pgError = asPgError(error);
  if (pgError) return `ERROR: ${pgError.message}`;
  if (error instanceof CopyLoadError) return `ERROR: ${error.message}`;
  return `ERROR: ${error instanceof Error ? error.message : String(error)}`;
}
