/**
 * The warehouse tests' local world: the clean and curated buckets (named as deployed), the
 * generated dataset written into them in the clean layout (`<dataset>/year=/month=/day=[/hour=]/
 * part-*.json`, the columns of the platform definition, JSON because that is what COPY reads
 * locally), and a Data API session on localcloud's Redshift.
 */
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { bucketName, loadPlatform, type Dataset } from '../../../infra/platform';
import { WarehouseSession, type Row } from '../../../lambdas/shared/warehouse/data-api';
import {
  COPY_FORMAT_CLAUSES,
  runElt,
  type EltOptions,
  type EltReport,
} from '../../../lambdas/shared/warehouse/elt';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { loadQuery } from '../../../lambdas/shared/warehouse/queries';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { utcDay } from './rfm-reference';
import type { Transaction, WarehouseDataset } from './warehouse-dataset';

export const SQL_DIRECTORY = join(__dirname, '../../../sql');
export const MIGRATIONS_DIRECTORY = join(SQL_DIRECTORY, 'migrations');
export const QUERIES_DIRECTORY = join(SQL_DIRECTORY, 'queries');
const PLATFORM = loadPlatform('dev');

export interface LocalWarehouse {
  readonly session: WarehouseSession;
  readonly cleanBucket: string;
  readonly curatedBucket: string;
  /** What the ELT fills the loads' placeholders with. */
  readonly variables: EltOptions['variables'];
  runDay(day: string): Promise<EltReport>;
}

/** A warehouse on localcloud; another workgroup name is another database, empty. */
export function openWarehouse(
  cloud: LocalCloud,
  workgroupName = 'hybrid-lake-dev',
): LocalWarehouse {
  const target = { workgroupName, database: 'dev' };
  cloud.services.redshiftData.createWorkgroup(target.workgroupName);
  const session = new WarehouseSession(new RedshiftDataClient(cloud.clientConfig), target, {
    pollMs: 50,
  });
  const cleanBucket = bucketName(PLATFORM, 'clean', cloud.accountId, cloud.region);
  const curatedBucket = bucketName(PLATFORM, 'curated', cloud.accountId, cloud.region);
  const variables = {
    CLEAN_BUCKET: cleanBucket,
    CURATED_BUCKET: curatedBucket,
    COPY_ROLE_ARN: `arn:aws:iam::${cloud.accountId}:role/hybrid-lake-dev-warehouse-copy`,
    COPY_FORMAT: COPY_FORMAT_CLAUSES.json,
  };
  return {
    session,
    cleanBucket,
    curatedBucket,
    variables,
    runDay: (day) => runElt(session, { sqlDirectory: SQL_DIRECTORY, day, variables }),
  };
}

/** Migrations applied, the dataset in the lake, and every day of it loaded once. */
export async function buildWarehouse(
  cloud: LocalCloud,
  dataset: WarehouseDataset,
  days: readonly string[],
): Promise<LocalWarehouse> {
  const warehouse = openWarehouse(cloud);
  await migrate(warehouse.session, loadMigrations(MIGRATIONS_DIRECTORY));
  await writeLake(cloud, warehouse, dataset);
  for (const day of days) await warehouse.runDay(day);
  return warehouse;
}

export async function writeLake(
  cloud: LocalCloud,
  warehouse: LocalWarehouse,
  dataset: WarehouseDataset,
): Promise<void> {
  const s3 = new S3Client(cloud.clientConfig);
  for (const bucket of [warehouse.cleanBucket, warehouse.curatedBucket])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const clean = (name: string, records: readonly object[], part: number) =>
    putCleanRecords(s3, warehouse.cleanBucket, name, records, part);
  const transactions = lakeTransactions;

  await clean('access_events', dataset.accessEvents, 0);
  await clean('web_logs', dataset.webLogs, 0);
  await clean('transactions', transactions(dataset.transactions), 0);
  await clean('interactions', dataset.interactions, 0);
  await clean('customers', dataset.customers, 0);
  // A replayed batch appends a second part file to the same partitions.
  await clean('access_events', dataset.replayed.accessEvents, 1);
  await clean('web_logs', dataset.replayed.webLogs, 1);
  await clean('transactions', transactions(dataset.replayed.transactions), 1);

  const curated = (name: string, rows: readonly { as_of_date: string }[]) =>
    putCuratedSnapshots(s3, warehouse.curatedBucket, name, rows);
  await curated(
    'customer_rfm',
    dataset.rfm.map(({ monetary_cents, ...rest }) => ({ ...rest, monetary: monetary_cents / 100 })),
  );
  await curated('customer_features', dataset.features);
  await curated('churn_training', dataset.training);
}

/** Order lines as the clean zone writes them: the price a decimal, not cents. */
export function lakeTransactions(records: readonly Transaction[]): object[] {
  return records.map(({ unit_price_cents, ...rest }) => ({
    ...rest,
    unit_price: unit_price_cents / 100,
  }));
}

/** A clean dataset's records, one part file (`part`) in each of their hive partitions. */
export function putCleanRecords(
  s3: S3Client,
  bucket: string,
  name: string,
  records: readonly object[],
  part = 0,
): Promise<void> {
  return writePartitions(s3, bucket, datasetNamed(name), records, part);
}

/** A curated dataset's rows, one file per snapshot day, in its daily partitions. */
export async function putCuratedSnapshots(
  s3: S3Client,
  bucket: string,
  name: string,
  rows: readonly { as_of_date: string }[],
): Promise<void> {
  for (const day of new Set(rows.map((row) => row.as_of_date))) {
    const [year, month, date] = day.split('-');
    await putJsonLines(
      s3,
      bucket,
      `${name}/year=${year}/month=${month}/day=${date}/part-00000.json`,
      rows.filter((row) => row.as_of_date === day),
    );
  }
}

function datasetNamed(name: string): Dataset {
  const dataset = PLATFORM.datasets.find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new Error(`The platform has no dataset ${name}`);
  return dataset;
}

/** Groups records by their hive partition (from the dataset's event time) and writes one part each. */
async function writePartitions(
  s3: S3Client,
  bucket: string,
  dataset: Dataset,
  records: readonly object[],
  part: number,
): Promise<void> {
  const partitions = new Map<string, object[]>();
  for (const record of records) {
    const row = inDefinitionOrder(dataset, record as Record<string, unknown>);
    const time = row[dataset.eventTimeColumn];
    if (!(time instanceof Date)) throw new Error(`${dataset.name} record without an event time`);
    const iso = time.toISOString();
    const values: Record<string, string> = {
      year: iso.slice(0, 4),
      month: iso.slice(5, 7),
      day: utcDay(time).slice(8, 10),
      hour: iso.slice(11, 13),
    };
    const path = dataset.partitionKeys.map((key) => `${key.name}=${values[key.name]}/`).join('');
    partitions.set(path, [...(partitions.get(path) ?? []), row]);
  }
  for (const [path, rows] of partitions)
    await putJsonLines(
      s3,
      bucket,
      `${dataset.name}/${path}part-${String(part).padStart(5, '0')}.json`,
      rows,
    );
}

/** Exactly the dataset's columns, in definition order: a missing one is a fixture bug. */
function inDefinitionOrder(dataset: Dataset, record: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const column of dataset.columns) {
    if (!(column.name in record))
      throw new Error(`${dataset.name} record lacks the column ${column.name}`);
    row[column.name] = record[column.name];
  }
  return row;
}

async function putJsonLines(s3: S3Client, bucket: string, key: string, rows: readonly object[]) {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: rows.map((row) => JSON.stringify(row)).join('\n') + '\n',
      ContentType: 'application/json',
    }),
  );
}

/** Runs a named query of sql/queries with the given parameter values (defaults for the rest). */
export async function runQuery(
  warehouse: LocalWarehouse,
  name: string,
  values: Readonly<Record<string, string>> = {},
): Promise<Row[]> {
  const query = loadQuery(QUERIES_DIRECTORY, name, values);
  return warehouse.session.query(query.sql, query.parameters);
}
