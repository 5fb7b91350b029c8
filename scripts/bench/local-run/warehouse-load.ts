/**
 * The warehouse load against the engine's own limit, side by side in one process: after a
 * medium local run (kept running), each of the ELT's load files is run again through the
 * Redshift Data API (its DELETE and COPY, as the ELT sends them), and the very rows it loaded
 * are bulk-loaded into a fresh embedded PostgreSQL with its own `COPY … FROM '/dev/blob'`, the
 * fastest path that engine has. Prints one JSON object (WarehouseLoadFigures) on stdout.
 *
 * Run as a child of main.ts: `tsx scripts/bench/local-run/warehouse-load.ts <size> <runs>`.
 */
import '../../shared/aws-sdk-node-notice';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { WarehouseSession, type FieldValue } from '../../../lambdas/shared/warehouse/data-api';
import { COPY_FORMAT_CLAUSES, planElt } from '../../../lambdas/shared/warehouse/elt';
import { LOCAL_COPY_FORMAT } from '../../local-platform/deploy/function-specs';
import { runLocalPlatform } from '../../local-run/run-local-platform';
import {
  PgConnection,
  runSimple,
  copyTextValue,
  isCopyStatement,
  parseCopyCommand,
} from '@hybrid-lake/localcloud';
import type { WarehouseLoadFigures, WarehouseTableLoad } from './figures';
import { REPOSITORY_ROOT } from '../../shared/repository-root';
import { median } from '../statistics';

const DAY = '2026-12-05';

/** A Data API value as a value of PostgreSQL's COPY text format. */
function copyText(value: FieldValue): string {
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return copyTextValue(value === null ? null : String(value));
}

async function main(size: string, runs: number): Promise<WarehouseLoadFigures> {
  const reportDirectory = await mkdtemp(join(tmpdir(), 'bench-warehouse-load-'));
  const result = await runLocalPlatform({
    env: 'dev',
    day: DAY,
    seed: 42,
    size: size as 'medium',
    reportDirectory,
    port: 0,
    azurePort: 0,
    keep: true,
    quiet: true,
  });
  const { kept, deployment } = result;
  if (!kept) throw new Error('the run was not kept');
  const engine = await PgConnection.open();
  try {
    const client = new RedshiftDataClient(kept.cloud.clientConfig);
    // The ELT's own Data API client; polled often, the COPY's Duration is the figure anyway.
    const session = new WarehouseSession(client, deployment.warehouse, { pollMs: 5 });
    const loads = planElt({
      sqlDirectory: join(REPOSITORY_ROOT, 'sql'),
      day: DAY,
      variables: {
        CLEAN_BUCKET: deployment.buckets.clean,
        CURATED_BUCKET: deployment.buckets.curated,
        COPY_ROLE_ARN: deployment.warehouse.copyRoleArn,
        COPY_FORMAT: COPY_FORMAT_CLAUSES[LOCAL_COPY_FORMAT],
      },
    }).filter((file) => file.phase === 'load');

    const tables: WarehouseTableLoad[] = [];
    for (const load of loads) {
      const copy = load.statements.findIndex(isCopyStatement);
      if (copy === -1) throw new Error(`${load.file} has no COPY`);
      const { table } = parseCopyCommand(load.statements[copy]!);

      // The Data API path: the load file as the ELT sends it, timed by the COPY's own Duration.
      const apiSeconds: number[] = [];
      let rows = 0;
      for (let run = 0; run < runs; run += 1) {
        const outcome = await session.batch(load.statements);
        const sub = outcome.statements[copy]!;
        const { Duration } = await client.send(new DescribeStatementCommand({ Id: sub.id }));
        apiSeconds.push((Duration ?? 0) / 1e9);
        rows = sub.resultRows;
      }

      // The engine's own bulk path: the same rows, already in COPY's text format.
      const columns = await session.query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a WHERE a.attrelid = to_regclass('${table}') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      );
      const local = `bench_${table.replace('.', '_')}`;
      await runSimple(
        engine,
        `CREATE TABLE ${local} (${columns.map(({ name, type }) => `"${String(name)}" ${String(type)}`).join(', ')})`,
      );
      const records = await session.query(`SELECT * FROM ${table}`);
      const text = records
        .map((record) => `${Object.values(record).map(copyText).join('\t')}\n`)
        .join('');
      const engineSeconds: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        await runSimple(engine, `TRUNCATE ${local}`);
        const started = performance.now();
        const loaded = await engine.copyFrom(
          `COPY ${local} FROM '/dev/blob'`,
          new TextEncoder().encode(text),
        );
        engineSeconds.push((performance.now() - started) / 1000);
        if (loaded !== records.length)
          throw new Error(`${local}: ${loaded} of ${records.length} rows loaded`);
      }
      if (rows !== records.length)
        throw new Error(
          `${table}: the COPY loaded ${rows} rows, the table holds ${records.length}`,
        );
      tables.push({
        table,
        rows,
        apiSeconds: median(apiSeconds),
        engineSeconds: median(engineSeconds),
      });
    }
    return { size, runs, tables };
  } finally {
    await engine.close();
    await kept.stop();
    await rm(reportDirectory, { recursive: true, force: true });
  }
}

main(process.argv[2] ?? 'medium', Number(process.argv[3] ?? 3)).then(
  (figures) => {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
