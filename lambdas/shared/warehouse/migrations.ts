/**
 * Versioned, checksummed schema migrations applied through the Data API. Each pending migration
 * runs as ONE batch (one transaction) whose last statement records it in
 * `ops.schema_migrations`, so a migration is either wholly applied and recorded or not at all.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WarehouseSession } from './data-api';
import {
  MigrationDriftError,
  MigrationFailedError,
  MigrationFileError,
  MigrationTooLargeError,
} from './errors';
import { batchLimitViolation, splitStatements } from './sql-statements';

export interface Migration {
  /** The digits of the file name as written (`001`). */
  readonly version: string;
  /** The part after `__` (`schemas`). */
  readonly name: string;
  /** Absolute or caller-relative path of the file. */
  readonly file: string;
  /** SHA-256 (hex) of the file's bytes: any edit, even whitespace, changes it. */
  readonly checksum: string;
  readonly statements: readonly string[];
}

export interface MigrationReport {
  /** Migrations applied by this run, as `V001__schemas`, in order. */
  readonly applied: string[];
  /** Migrations that were already applied before this run. */
  readonly alreadyApplied: number;
  /** Version of the newest applied migration after this run, or null when there is none. */
  readonly latestVersion: string | null;
}

const MIGRATION_FILE = /^V(\d{3,})__([A-Za-z0-9_]+)\.sql$/;

export const HISTORY_TABLE = 'ops.schema_migrations';

/** `V001__schemas`: how a migration is named in reports and errors. */
export function migrationId(migration: Pick<Migration, 'version' | 'name'>): string {
  return `V${migration.version}__${migration.name}`;
}

/**
 * The migrations of a directory, sorted by version. Every `.sql` file must be named
 * `V###__name.sql`; versions start at 1 and have no duplicates or gaps, so a file that was
 * misnamed or lost in a merge is an error rather than silently skipped.
 */
export function loadMigrations(directory: string): Migration[] {
  let entries: string[];
  try {
    entries = readdirSync(directory).filter((entry) => entry.endsWith('.sql'));
  } catch (cause) {
    throw new MigrationFileError(`Cannot read the migrations directory ${directory}`, { cause });
  }
  const migrations = entries.map((entry) => {
    const match = MIGRATION_FILE.exec(entry);
    if (!match)
      throw new MigrationFileError(`${entry}: a migration file must be named V###__name.sql`);
    const file = join(directory, entry);
    const bytes = readFileSync(file);
    return {
      version: match[1]!,
      name: match[2]!,
      file,
      checksum: createHash('sha256').update(bytes).digest('hex'),
      statements: splitStatements(bytes.toString('utf8')),
    };
  });
  migrations.sort((a, b) => Number(a.version) - Number(b.version));
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    const actual = Number(migration.version);
    if (actual === expected) return;
    const problem =
      actual < expected
        ? `${migrationId(migration)} repeats version ${actual}`
        : `version ${expected} is missing before ${migrationId(migration)}`;
    throw new MigrationFileError(`Migrations in ${directory}: ${problem}`);
  });
  return migrations;
}

interface HistoryRow {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
}

const CREATE_HISTORY = [
  'CREATE SCHEMA IF NOT EXISTS ops',
  `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  version VARCHAR(16) NOT NULL PRIMARY KEY,
  name VARCHAR(256) NOT NULL,
  checksum CHAR(64) NOT NULL,
  applied_at TIMESTAMP NOT NULL
)`,
];

/**
 * Applies the pending migrations in order. Refuses, before anything runs, when the history
 * disagrees with the files or when a pending migration cannot fit in one batch.
 */
export async function migrate(
  session: WarehouseSession,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  await session.batch([...CREATE_HISTORY]);
  const rows = await session.query(
    `SELECT version, name, checksum FROM ${HISTORY_TABLE} ORDER BY version`,
  );
  const history: HistoryRow[] = rows.map((row) => ({
    version: String(row.version),
    name: String(row.name),
    checksum: String(row.checksum),
  }));

  const pending = pendingMigrations(migrations, history);
  const batches = pending.map((migration) => ({ migration, sqls: migrationBatch(migration) }));
  for (const { migration, sqls } of batches) {
    const violation = batchLimitViolation(sqls);
    if (violation !== undefined)
      throw new MigrationTooLargeError(
        `${migrationId(migration)} cannot run as one transaction: ${violation}; split it into more migrations`,
      );
  }

  const applied: string[] = [];
  for (const { migration, sqls } of batches) {
    try {
      await session.batch(sqls);
    } catch (cause) {
      throw new MigrationFailedError(migrationId(migration), [...applied], cause);
    }
    applied.push(migrationId(migration));
  }
  const latest = migrations.at(-1);
  return {
    applied,
    alreadyApplied: history.length,
    latestVersion: latest === undefined ? null : latest.version,
  };
}

/**
 * The migrations not yet applied, after checking that every applied one is still on disk,
 * unchanged, and older than every pending one.
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  history: readonly HistoryRow[],
): Migration[] {
  const byVersion = new Map(migrations.map((migration) => [Number(migration.version), migration]));
  const appliedVersions = new Set<number>();
  const problems: string[] = [];
  for (const row of history) {
    const version = Number(row.version);
    appliedVersions.add(version);
    const onDisk = byVersion.get(version);
    const recorded = `V${row.version}__${row.name}`;
    if (onDisk === undefined) problems.push(`${recorded} was applied but is not on disk`);
    else if (onDisk.checksum !== row.checksum.trim())
      problems.push(`${migrationId(onDisk)} was edited after it was applied (checksum differs)`);
  }
  const pending = migrations.filter((migration) => !appliedVersions.has(Number(migration.version)));
  const newestApplied = Math.max(0, ...appliedVersions);
  for (const migration of pending) {
    if (Number(migration.version) < newestApplied)
      problems.push(
        `${migrationId(migration)} is older than the applied version ${newestApplied}; give it a new version`,
      );
  }
  if (problems.length > 0) throw new MigrationDriftError(problems);
  return pending;
}

/** The statements of a migration followed by the insert of its history row. */
function migrationBatch(migration: Migration): string[] {
  // Version, name and checksum come from the file-name pattern and a hex digest: no quotes.
  const record = `INSERT INTO ${HISTORY_TABLE} (version, name, checksum, applied_at) VALUES ('${migration.version}', '${migration.name}', '${migration.checksum}', GETDATE())`;
  return [...migration.statements, record];
}
