/**
 * `npm run bench:local-run`: `npm start` at each size in its own child process (each step's
 * time, the day's records per second of each step, the whole process tree's peak RSS), then the
 * warehouse load through the Data API against the embedded engine's own bulk COPY of the same
 * rows, in the same run. See README.md here; results go in docs/benchmarks.md.
 *
 *   npm run bench:local-run                          # small, medium, large
 *   npm run bench:local-run -- --sizes medium --load-runs 5
 */
import '../../shared/aws-sdk-node-notice';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  dayRecords,
  loadSummary,
  stepFigures,
  verdicts,
  type SizeFigures,
  type WarehouseLoadFigures,
} from './figures';
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { textTable } from '../../local-run/report/text-table';
import { REPOSITORY_ROOT } from '../../shared/repository-root';
import { runSize } from './run-size';

const SIZES = ['small', 'medium', 'large'] as const;

const perSecond = (rows: number, seconds: number): string =>
  Math.round(rows / seconds).toLocaleString('en-US');

/** Every row, as wide as it needs: a benchmark's table is read whole. */
function table(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0] ?? {});
  return textTable(rows, {
    maxRows: rows.length,
    width: Number.MAX_SAFE_INTEGER,
    widestCell: Number.MAX_SAFE_INTEGER,
    rightAligned: columns.slice(1),
  }).join('\n');
}

function runWarehouseLoad(size: string, runs: number): Promise<WarehouseLoadFigures> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'warehouse-load.ts'), size, String(runs)],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close', not 'exit': the last line of stdout may still be on its way at 'exit'.
    child.once('close', (code) => {
      if (code !== 0)
        reject(new Error(`the warehouse load measurement exited with ${String(code)}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WarehouseLoadFigures);
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: SIZES.join(',') },
      'load-runs': { type: 'string', default: '3' },
    },
  });
  const sizes = values.sizes
    .split(',')
    .map((size) => size.trim())
    .filter(Boolean);
  const loadRuns = Number(values['load-runs']);
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );

  const runs: SizeFigures[] = [];
  for (const size of sizes) {
    const directory = await mkdtemp(join(tmpdir(), `bench-local-run-${size}-`));
    try {
      process.stderr.write(`npm start --size ${size}…\n`);
      const run = await runSize(size, directory);
      runs.push(run);
      const records = dayRecords(run.figures);
      console.log(
        `\n${size}: ${records.toLocaleString('en-US')} records, wall ${run.wallSeconds.toFixed(1)} s (run ${run.figures.durationSeconds.toFixed(1)} s), peak RSS of the whole run ${Math.round(run.peakTreeRssMiB)} MiB (${run.peakHeldBy})`,
      );
      console.log(
        table(
          stepFigures(run.figures).map((step) => ({
            step: step.name,
            seconds: step.seconds.toFixed(2),
            'records/s': Math.round(step.recordsPerSecond).toLocaleString('en-US'),
          })),
        ),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  process.stderr.write('warehouse load against the engine…\n');
  const load = await runWarehouseLoad('medium', loadRuns);
  const summary = loadSummary(load);
  console.log(`\nwarehouse load (medium day, median of ${load.runs} runs each)`);
  console.log(
    table([
      ...load.tables.map((each) => ({
        table: each.table,
        rows: String(each.rows),
        'Data API COPY s': each.apiSeconds.toFixed(3),
        'Data API rows/s': perSecond(each.rows, each.apiSeconds),
        'engine COPY s': each.engineSeconds.toFixed(3),
        'engine rows/s': perSecond(each.rows, each.engineSeconds),
        ratio: `${(each.engineSeconds / each.apiSeconds).toFixed(2)}×`,
      })),
      {
        table: 'all',
        rows: String(summary.rows),
        'Data API COPY s': '',
        'Data API rows/s': Math.round(summary.apiRowsPerSecond).toLocaleString('en-US'),
        'engine COPY s': '',
        'engine rows/s': Math.round(summary.engineRowsPerSecond).toLocaleString('en-US'),
        ratio: `${summary.ratio.toFixed(2)}×`,
      },
    ]),
  );

  const results = verdicts(runs, load);
  console.log('\ntargets');
  console.log(
    table(
      results.map((each) => ({
        target: each.target,
        measured: each.measured,
        met: each.met ? 'yes' : 'NO',
      })),
    ),
  );
  return results.every((each) => each.met) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:local-run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
