/**
 * `npm run live` as a user runs it: it comes up, says where the dashboard is and how to send a
 * burst, serves the page there, and one Ctrl-C (delivered twice, as npm and the terminal both
 * deliver it) shuts everything down cleanly with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../scripts/shared/repository-root';

jest.setTimeout(180_000);

let child: ChildProcess | undefined;
let directory = '';

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
});

it('comes up, serves its dashboard, and stops on Ctrl-C with exit 0', async () => {
  directory = mkdtempSync(join(tmpdir(), 'live-cli-'));
  const started = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPOSITORY_ROOT, 'scripts/local-run/live-cli.ts'),
      ...['--port', '0', '--azure-port', '0', '--dashboard-port', '0'],
      ...['--report-dir', directory],
    ],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = started;
  let stdout = '';
  let stderr = '';
  started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => started.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    started.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /Live dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (found && stdout.includes('--burst --brokers')) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before going live: ${stderr}`)));
  });

  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('data-live="records"');
  expect(stdout).toMatch(/npm run produce -- --burst --brokers 127\.0\.0\.1:\d+ --auth none/);

  started.kill('SIGINT');
  started.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stderr).toContain('stopping the producer and localcloud');
  expect(stderr).toMatch(/produce: delivered \d+ records .*stopped: signal/);
  expect(stderr).not.toContain('exiting without a clean shutdown');
});
