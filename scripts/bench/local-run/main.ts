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
  loadSummary,
  stepFigures,
  verdicts,
  type SizeFigures,
  type WarehouseLoadFigures,
} from './figures';
import { REPOSITORY_ROOT, runSize } from './run-size';

const SIZES = ['small', 'medium', 'large'] as const;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, index) =>
    Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!),
      )
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
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
    child.once('exit', (code) => {
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
      const records = run.figures.generated.datasets.reduce((sum, each) => sum + each.records, 0);
      console.log(
        `\n${size}: ${records.toLocaleString('en-US')} records, wall ${run.wallSeconds.toFixed(1)} s (run ${run.figures.durationSeconds.toFixed(1)} s), peak RSS of the whole run ${Math.round(run.peakTreeRssMiB)} MiB`,
      );
      console.log(
        table(
          ['step', 'seconds', 'records/s'],
          stepFigures(run.figures).map((step) => [
            step.name,
            step.seconds.toFixed(2),
            Math.round(step.recordsPerSecond).toLocaleString('en-US'),
          ]),
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
    table(
      ['table', 'rows', 'Data API COPY s', 'rows/s', 'engine COPY s', 'rows/s', 'ratio'],
      [
        ...load.tables.map((each) => [
          each.table,
          String(each.rows),
          each.apiSeconds.toFixed(3),
          Math.round(each.rows / each.apiSeconds).toLocaleString('en-US'),
          each.engineSeconds.toFixed(3),
          Math.round(each.rows / each.engineSeconds).toLocaleString('en-US'),
          `${(each.engineSeconds / each.apiSeconds).toFixed(2)}×`,
        ]),
        [
          'all',
          String(summary.rows),
          '',
          Math.round(summary.apiRowsPerSecond).toLocaleString('en-US'),
          '',
          Math.round(summary.engineRowsPerSecond).toLocaleString('en-US'),
          `${summary.ratio.toFixed(2)}×`,
        ],
      ],
    ),
  );

  const results = verdicts(runs, load);
  console.log('\ntargets');
  console.log(
    table(
      ['target', 'measured', 'met'],
      results.map((each) => [each.target, each.measured, each.met ? 'yes' : 'NO']),
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
