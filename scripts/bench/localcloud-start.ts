/**
 * `npm run bench:localcloud-start [-- --runs 5 --json]`: how long `npm run localcloud`'s program
 * takes from process spawn to its first healthy HTTP answer, against a baseline measured in
 * the same run: a bare Node.js HTTP server started the same way (spawn → first answer).
 */
import '../shared/aws-sdk-node-notice';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './statistics';

const root = join(__dirname, '..', '..');

/** Spawns `args`, waits for `http://…:port` on stdout, then for a 200 from `path`; returns ms. */
async function timeToHealthy(args: string[], path: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`no endpoint within 60 s: ${output}`)),
        60_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const response = await fetch(`${endpoint}${path}`);
    if (response.status !== 200) throw new Error(`${endpoint}${path} answered ${response.status}`);
    return performance.now() - started;
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const BASELINE_SERVER =
  "require('http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); })";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const localcloud: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(await timeToHealthy(['-e', BASELINE_SERVER], '/'));
    localcloud.push(
      await timeToHealthy(
        ['--import', 'tsx', 'scripts/localcloud/src/cli.ts', '--port', '0'],
        '/_localcloud/health',
      ),
    );
  }
  const result = {
    runs,
    localcloudMedianMs: Math.round(median(localcloud)),
    localcloudMaxMs: Math.round(Math.max(...localcloud)),
    baselineMedianMs: Math.round(median(baseline)),
    ratioToBaseline: Number((median(localcloud) / median(baseline)).toFixed(1)),
    targetMs: 3000,
  };
  if (values.json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`localcloud start → healthy, ${runs} runs`);
  console.log(
    `  localcloud  median ${result.localcloudMedianMs} ms, max ${result.localcloudMaxMs} ms (target < ${result.targetMs} ms)`,
  );
  console.log(`  baseline    median ${result.baselineMedianMs} ms (bare node HTTP server)`);
  console.log(`  ratio       ${result.ratioToBaseline}× the baseline`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
