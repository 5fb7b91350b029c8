/**
 * A real command-line tool, started as npm starts it, prints its own output and nothing of the
 * AWS SDK's Node.js support notice. `npm run query -- --list` creates a Redshift Data API client
 * (the notice comes with a process's first client) and needs no server.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { AWS_SDK_NODE_NOTICE_SWITCH } from '../../../../scripts/shared/aws-sdk-node-notice';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

it('npm run query -- --list prints the queries and no warning', () => {
  // The user's shell, not jest's: jest's own set-up has already switched the notice off.
  const shellEnvironment = { ...process.env };
  delete shellEnvironment[AWS_SDK_NODE_NOTICE_SWITCH];

  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join('scripts', 'warehouse', 'query.ts'), '--list'],
    { cwd: ROOT, env: shellEnvironment, encoding: 'utf8' },
  );

  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^peak_hours\s/m);
});
