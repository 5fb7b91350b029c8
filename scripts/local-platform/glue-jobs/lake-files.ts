/**
 * Moves a job's data between localcloud and the job's folders: the catalog tables it reads
 * (GetTable, as the Spark job asks the catalog), the objects under their locations, and the
 * files it wrote. Folders mirror S3: `s3://<bucket>/<key>` is `<folder>/<bucket>/<key>`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetTableCommand, type GlueClient, type Table } from '@aws-sdk/client-glue';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { JobInputError } from './errors';
import type { JobInputs, JobSummary } from './job-script';

/** `year=2026/month=03/day=07`: the length of a day's partition folders in a key. */
const DAY_FOLDERS_LENGTH = 'year=2026/month=03/day=07'.length;

/** Objects fetched or stored at once: enough to hide latency, few enough for one laptop. */
const CONCURRENCY = 16;

export interface FetchedInputs {
  readonly objects: number;
  readonly bytes: number;
}

/**
 * Writes the tables' GetTable results to `catalogFile` and downloads the objects the job reads
 * into `inputDirectory`: a whole table, only the `year=/month=/day=` partitions of the run dates
 * (`fromDate` to `runDate`, or the run date alone), or nothing of a table the job only writes.
 */
export async function fetchJobInputs(
  clients: { s3: S3Client; glue: GlueClient },
  inputs: JobInputs,
  dates: { runDate: string; fromDate?: string },
  paths: { inputDirectory: string; catalogFile: string },
): Promise<FetchedInputs> {
  const tables: Table[] = [];
  const objects: { bucket: string; key: string }[] = [];
  for (const read of inputs.reads) {
    const { Table: table } = await clients.glue.send(
      new GetTableCommand({ DatabaseName: read.database, Name: read.table }),
    );
    if (table === undefined) throw new JobInputError(`GetTable returned no ${read.table}`);
    tables.push(table);
    if (read.partitions === 'none') continue;
    const { bucket, prefix } = tableLocation(table);
    const first = dates.fromDate ?? dates.runDate;
    // One partition is listed by its prefix; a span of days by listing the table and keeping
    // the keys whose day falls in it (the day folders sort as the dates do).
    const keys =
      read.partitions === 'all'
        ? await listKeys(clients.s3, bucket, prefix)
        : first === dates.runDate
          ? await listKeys(clients.s3, bucket, prefix + dayPartition(table, dates.runDate))
          : (await listKeys(clients.s3, bucket, prefix)).filter((key) => {
              const day = key.slice(prefix.length, prefix.length + DAY_FOLDERS_LENGTH);
              return (
                day >= dayPartition(table, first).slice(0, DAY_FOLDERS_LENGTH) &&
                day <= dayPartition(table, dates.runDate).slice(0, DAY_FOLDERS_LENGTH)
              );
            });
    objects.push(...keys.map((key) => ({ bucket, key })));
  }
  await writeFile(paths.catalogFile, JSON.stringify(tables));
  let bytes = 0;
  await inBatches(objects, async ({ bucket, key }) => {
    const { Body } = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await Body?.transformToByteArray();
    if (body === undefined) throw new JobInputError(`s3://${bucket}/${key} has no body`);
    bytes += body.byteLength;
    const path = localPath(paths.inputDirectory, bucket, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  });
  return { objects: objects.length, bytes };
}

/** PutObject for every file the job wrote, after it finished: each raises its S3 event. */
export async function uploadJobOutputs(
  s3: S3Client,
  files: JobSummary['files'],
  outputDirectory: string,
): Promise<void> {
  await inBatches(files, async ({ bucket, key }) => {
    const body = await readFile(localPath(outputDirectory, bucket, key));
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
      }),
    );
  });
}

/** DeleteObjects takes at most 1,000 keys a request (S3 API reference). */
const DELETE_BATCH = 1000;

/**
 * Spark's dynamic partition overwrite, after the upload: every object of a replaced partition
 * that the run did not write is deleted (with a `DeleteObjects` request, which raises an "Object
 * Deleted" event per key). New files go up first, so a reader never finds a replaced day empty.
 * @returns the number of objects deleted
 */
export async function deleteReplacedFiles(s3: S3Client, summary: JobSummary): Promise<number> {
  const written = new Set(summary.files.map(({ bucket, key }) => `${bucket}/${key}`));
  const replaced = new Set(summary.replaced.map(({ bucket, prefix }) => `${bucket}/${prefix}`));
  // One listing per dataset, not one per day it replaced (a history is hundreds of days).
  const roots = new Set(
    summary.replaced.map(
      ({ bucket, prefix }) => `${bucket}/${prefix.slice(0, prefix.indexOf('/') + 1)}`,
    ),
  );
  let deleted = 0;
  for (const root of roots) {
    const bucket = root.slice(0, root.indexOf('/'));
    const stale = (await listKeys(s3, bucket, root.slice(bucket.length + 1))).filter((key) => {
      const object = `${bucket}/${key}`;
      return replaced.has(object.slice(0, object.lastIndexOf('/') + 1)) && !written.has(object);
    });
    for (let start = 0; start < stale.length; start += DELETE_BATCH) {
      const batch = stale.slice(start, start + DELETE_BATCH);
      const { Errors } = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (Errors !== undefined && Errors.length > 0)
        throw new Error(
          `could not delete ${Errors.length} replaced file(s) under s3://${root}: ${Errors[0]?.Key} ${Errors[0]?.Code}`,
        );
      deleted += batch.length;
    }
  }
  return deleted;
}

function tableLocation(table: Table): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(table.StorageDescriptor?.Location ?? '');
  if (!match?.[1]) throw new JobInputError(`table ${table.Name} has no s3:// location`);
  const prefix = match[2] ?? '';
  return {
    bucket: match[1],
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
  };
}

/** `year=2026/month=03/day=07/`: the run date's partition of a table partitioned by time. */
export function dayPartition(
  table: Pick<Table, 'Name' | 'PartitionKeys'>,
  runDate: string,
): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(runDate);
  if (!match) throw new JobInputError(`run date "${runDate}" is not YYYY-MM-DD`);
  const keys = (table.PartitionKeys ?? []).slice(0, 3).map((key) => key.Name);
  if (keys.join(',') !== 'year,month,day')
    throw new JobInputError(`table ${table.Name} is not partitioned by year, month and day`);
  return `year=${match[1]}/month=${match[2]}/day=${match[3]}/`;
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key !== undefined && !object.Key.endsWith('/')) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

/** The file of an object; a key that would leave the folder is refused. */
function localPath(directory: string, bucket: string, key: string): string {
  if (key.split('/').some((segment) => segment === '..' || segment === '.'))
    throw new JobInputError(`s3://${bucket}/${key} cannot be stored as a file`);
  return join(directory, bucket, key);
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
