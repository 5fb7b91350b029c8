import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WarehouseSession, type Row } from '../../../../lambdas/shared/warehouse/data-api';
import { COPY_FORMAT_CLAUSES } from '../../../../lambdas/shared/warehouse/elt';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export const TARGET = { workgroupName: 'hybrid-lake-test', database: 'dev' };

/** Makes the test workgroup exist in localcloud's Data API (it forgets it on every reset). */
export function createTestWorkgroup(cloud: LocalCloud): void {
  cloud.services.redshiftData.createWorkgroup(TARGET.workgroupName);
}

/** A session on localcloud's Data API with short polls (the emulator answers in milliseconds). */
export function warehouseSession(cloud: LocalCloud, options: { withEvent?: boolean } = {}) {
  createTestWorkgroup(cloud);
  const client = new RedshiftDataClient(cloud.clientConfig);
  return new WarehouseSession(client, TARGET, { pollMs: 20, timeoutMs: 60_000, ...options });
}

/** Whether a table exists, asked the way Redshift answers it too. */
export async function tableExists(
  session: WarehouseSession,
  schema: string,
  table: string,
): Promise<boolean> {
  const rows = await session.query(
    'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = :schema AND table_name = :table',
    { schema, table },
  );
  return rows[0]?.n === 1;
}

export async function rowsOf(session: WarehouseSession, sql: string): Promise<Row[]> {
  return session.query(sql);
}

const PLATFORM_SQL = join(__dirname, '../../../../sql');

/** A small star: events land in staging from the clean zone and roll up into a daily fact. */
export const ELT_MIGRATIONS = {
  'migrations/V001__schemas.sql': 'CREATE SCHEMA staging;\nCREATE SCHEMA dw;\n',
  'migrations/V002__tables.sql': [
    'CREATE TABLE staging.events (user_id VARCHAR(64), event_time TIMESTAMP, country VARCHAR(2)) DISTSTYLE EVEN;',
    'CREATE TABLE dw.fact_daily_events (event_date DATE NOT NULL, country VARCHAR(2) NOT NULL, events INT NOT NULL, PRIMARY KEY (event_date, country)) DISTKEY(event_date) SORTKEY(event_date);',
  ].join('\n'),
};

/**
 * The platform's record of loaded days, after {@link ELT_MIGRATIONS}: its table and the transform
 * that writes it, which a nightly run needs to find the days it catches up.
 */
export const ELT_CATCH_UP_SQL = {
  'migrations/V003__elt_loaded_ranges.sql': readFileSync(
    join(PLATFORM_SQL, 'migrations/V013__elt_loaded_ranges.sql'),
    'utf8',
  ),
  'transforms/90_elt_loaded_range.sql': readFileSync(
    join(PLATFORM_SQL, 'transforms/90_elt_loaded_range.sql'),
    'utf8',
  ),
};

export const EVENTS_LOAD = [
  '-- The day of clean access events into staging.',
  'DELETE FROM staging.events;',
  "COPY staging.events FROM 's3://{{CLEAN_BUCKET}}/events/{{DAY_PATH}}/'",
  "IAM_ROLE '{{COPY_ROLE_ARN}}' {{COPY_FORMAT}};",
].join('\n');

export const DAILY_EVENTS_TRANSFORM = [
  'DELETE FROM dw.fact_daily_events WHERE event_date = CAST(:run_date AS DATE);',
  'INSERT INTO dw.fact_daily_events (event_date, country, events)',
  'SELECT CAST(:run_date AS DATE), country, COUNT(*) FROM staging.events',
  'WHERE CAST(event_time AS DATE) = CAST(:run_date AS DATE) GROUP BY country;',
].join('\n');

export const CLEAN_BUCKET = 'hybrid-lake-test-clean';
export const CURATED_BUCKET = 'hybrid-lake-test-curated';

export const LOCAL_VARIABLES = {
  CLEAN_BUCKET,
  CURATED_BUCKET,
  COPY_ROLE_ARN: 'arn:aws:iam::000000000000:role/warehouse-copy',
  COPY_FORMAT: COPY_FORMAT_CLAUSES.json,
};

/** Creates the zone buckets and writes one JSON-lines part file of events for a day. */
export async function putEvents(
  cloud: LocalCloud,
  dayPath: string,
  events: ReadonlyArray<{ user_id: string; event_time: string; country: string }>,
): Promise<void> {
  const s3 = new S3Client(cloud.clientConfig);
  for (const bucket of [CLEAN_BUCKET, CURATED_BUCKET]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'BucketAlreadyOwnedByYou')) throw error;
    });
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: CLEAN_BUCKET,
      Key: `events/${dayPath}/part-00000.json`,
      Body: events.map((event) => JSON.stringify(event)).join('\n'),
    }),
  );
}
