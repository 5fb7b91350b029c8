/**
 * The warehouse's facts, read by the constructs and the local deployment alike: the ELT and
 * migrations functions (names, settings, the trigger and the custom resource's properties), the
 * admin user, and where the SQL lives and how its migrations are fingerprinted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resourcePrefix, type Platform } from '../../platform';
import type { EventPattern } from './alerting';

/** Folder and Powertools service name of the ELT function. */
export const ELT_SERVICE_NAME = 'warehouse-elt';

/**
 * The database role the ELT's IAM identity is granted at sign-in (created and granted exactly the
 * privileges of sql/loads and sql/transforms by the migration V007__elt_writer_role.sql).
 */
export const ELT_DATABASE_ROLE = 'elt_writer';

/** `COPY_FORMAT` in AWS: the clean and curated zones hold Parquet. */
export const AWS_COPY_FORMAT = 'parquet';

/** The defaults of WarehouseEltOptions. */
export const ELT_DEFAULTS = {
  memorySize: 256,
  timeoutSeconds: 900,
  retryAttempts: 2,
} as const;

/** One run at a time: two runs of the same day would delete each other's rows. */
export const ELT_RESERVED_CONCURRENCY = 1;

/** Runs throttled behind a long one (concurrency 1) wait in Lambda's queue, up to its maximum. */
export const ELT_MAX_EVENT_AGE_HOURS = 6;

/** `hybrid-lake-dev-warehouse-elt` */
export function eltFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${ELT_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-warehouse-elt-after-clean-to-curated` */
export function eltRuleName(platform: Platform): string {
  return `${eltFunctionName(platform)}-after-clean-to-curated`;
}

/** What starts a run: the clean_to_curated job succeeded. */
export function eltTriggerPattern(cleanToCuratedJobName: string): EventPattern {
  return {
    source: ['aws.glue'],
    detailType: ['Glue Job State Change'],
    detail: { jobName: [cleanToCuratedJobName], state: ['SUCCEEDED'] },
  };
}

/** Folder and Powertools service name of the migrations function. */
export const MIGRATIONS_SERVICE_NAME = 'warehouse-migrations';

/** The defaults of WarehouseMigrationsOptions. */
export const MIGRATIONS_DEFAULTS = {
  memorySize: 256,
  timeoutSeconds: 900,
} as const;

/**
 * The custom resource's logical id in the WarehouseStack, pinned (it is the id the CDK gave it):
 * the local deployment names the resource in its request without the CDK, and a change to the
 * construct tree cannot replace the resource, which would run the migrations again.
 */
export const MIGRATIONS_LOGICAL_ID = 'Migrations23B444C5';

/** The custom resource's CloudFormation type. */
export const MIGRATIONS_RESOURCE_TYPE = 'Custom::WarehouseMigrations';

/** `hybrid-lake-dev-warehouse-migrations` */
export function migrationsFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${MIGRATIONS_SERVICE_NAME}`;
}

/**
 * The custom resource's properties (besides ServiceToken): the fingerprint makes CloudFormation
 * update the resource exactly when the migrations change.
 */
export function migrationsResourceProperties(props: {
  readonly fingerprint: string;
  readonly workgroupName: string;
  readonly databaseName: string;
}): { MigrationsFingerprint: string; WorkgroupName: string; Database: string } {
  return {
    MigrationsFingerprint: props.fingerprint,
    WorkgroupName: props.workgroupName,
    Database: props.databaseName,
  };
}

/** The namespace's superuser; its password lives only in Secrets Manager, rotated by Redshift. */
export const WAREHOUSE_ADMIN_USERNAME = 'warehouse_admin';

/** The repository's `sql/`: migrations, loads, transforms, exports and queries of the warehouse. */
export const SQL_SOURCE_DIRECTORY = resolve(__dirname, '../../../sql');

/** The folders of `sql/` a function may carry in its bundle. */
export type SqlFolder = 'migrations' | 'loads' | 'transforms' | 'models' | 'exports';

/**
 * Where the bundled SQL is at run time: Lambda unpacks the bundle into `/var/task`
 * (`LAMBDA_TASK_ROOT`), and the hooks below put the folders under `sql/` beside `index.js`.
 */
export const BUNDLED_SQL_DIRECTORY = '/var/task/sql';

/** A SQL folder a function needs is missing, or the folder cannot be bundled. */
export class WarehouseSqlError extends Error {
  override readonly name = 'WarehouseSqlError';
}

/**
 * sha256 over the names and bytes of every `.sql` file of `directory`, in name order. A new,
 * edited, renamed or removed migration changes it, which is how a deploy learns that the
 * migrations custom resource must run again.
 */
export function sqlFingerprint(directory: string): string {
  const hash = createHash('sha256');
  for (const name of sqlFiles(directory)) {
    hash.update(name).update('\0');
    hash.update(readFileSync(join(directory, name))).update('\0');
  }
  return hash.digest('hex');
}

/** The `.sql` files of `directory`, in name order. @throws WarehouseSqlError when it is missing. */
export function sqlFiles(directory: string): string[] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new WarehouseSqlError(`the SQL folder ${directory} is missing`);
  }
  return readdirSync(directory)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

/** Days the ML bucket keeps what a training left behind (Redshift deletes its exports itself). */
export const ML_ARTIFACT_DAYS = 7;
/** Redshift ML names its SageMaker jobs `redshiftml-<time>-<type>`. */
export const ML_JOB_NAME_PATTERN = 'redshiftml-*';
/** Where the ML bucket's server access logs go in the log bucket. */
export const ML_LOG_PREFIX = 'warehouse-ml/';
/** The ELT's count of models found FAILED or failing to train, which its alarm watches. */
export const MODEL_FAILURES_METRIC = 'ModelFailures';
/** The weekday (0 is Sunday, UTC) whose ELT run retrains the customer models. */
export const MODEL_RETRAIN_WEEKDAY = 0;

/** The ELT's result `status` when it loaded a day: what the recommendation export waits for. */
export const ELT_RAN_STATUS = 'ran';
/**
 * The days a nightly ELT run keeps loaded, up to its own: it loads from the first of them no run
 * has loaded yet, so the facts hold the whole window after a new warehouse or missed nights. The
 * longest window a transform or an export reads (affinities and profiles, 90 days) fits in it,
 * which a test holds. It is also the longest range a manual run may ask for.
 */
export const ELT_CATCH_UP_DAYS = 90;
/**
 * What a catch-up leaves of the function's time for the night alone, should it fail or run out
 * of time (a day's loads and transforms, then the models' CREATE MODEL exports), in seconds.
 */
export const ELT_NIGHT_RESERVE_SECONDS = 300;
/** The ELT's count of catch-ups that failed (the night then loaded alone), which an alarm watches. */
export const CATCH_UP_FAILURES_METRIC = 'EltCatchUpFailures';
