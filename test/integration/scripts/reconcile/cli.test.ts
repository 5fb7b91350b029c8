/**
 * The command as an operator runs it: a separate process (`tsx scripts/reconcile/cli.ts`) that
 * finds localcloud only through the environment variables localcloud prints.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { Mirror } from './mirror-fixture';

const cloud = useLocalCloud();
const root = join(__dirname, '../../../..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Asynchronous on purpose: localcloud runs in this process and must keep serving. */
function runCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      ['scripts/reconcile/cli.ts', ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cloud().env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('reconcile CLI process', () => {
  it('exits 1 on drift and 0 once the mirror has caught up', async () => {
    const mirror = new Mirror(cloud());
    await mirror.create();
    await mirror.putMirrored('customers/year=2024/month=05/day=06/part-0.parquet');
    const late = await mirror.putObject(
      'customers/year=2024/month=05/day=07/part-0.parquet',
      'late',
    );

    const drift = await runCli('--zone', 'raw');
    expect(drift.stderr).not.toContain('reconcile:'); // only the SDK's Node-version notice, if any
    expect(drift.stdout).toContain(`Missing in ADLS (1):\n  ${late.key}`);
    expect(drift.code).toBe(1);

    await mirror.putCopy(late);
    const clean = await runCli('--zone', 'raw', '--json');
    expect(JSON.parse(clean.stdout)).toMatchObject({
      drift: false,
      counts: { matched: { count: 2 } },
    });
    expect(clean.code).toBe(0);
  });
});
