/**
 * `npm run test:setup` as `npm test` runs it, on a PATH of stand-ins: a fake apt-get that
 * "installs" a package by putting an executable of its command on PATH, and a fake sudo.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findOnPath } from '../../../../scripts/shared/find-on-path';
import { SKIP_VARIABLE } from '../../../../scripts/system-tools/plan';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const TOOLS = ['python3', 'chromium', 'aws', 'rclone', 'curl', 'kcat'];
let bin = '';
let log = '';

function script(name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

function realCommand(name: string): void {
  symlinkSync(findOnPath(name)!, join(bin, name));
}

/** apt-get that logs its calls and, for `install`, creates the command of each package. */
function fakeAptGet(): void {
  realCommand('env');
  realCommand('true');
  script('sudo', 'shift\nexec "$@"');
  const chmod = findOnPath('chmod')!;
  script(
    'apt-get',
    [
      `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "${log}"`,
      '[ "$1" = install ] || exit 0',
      'for package in "$@"; do',
      '  case "$package" in',
      '    -*|install|fonts-liberation) ;;',
      `    awscli) : > "${bin}/aws"; ${chmod} +x "${bin}/aws" ;;`,
      `    *) : > "${bin}/$package"; ${chmod} +x "${bin}/$package" ;;`,
      '  esac',
      'done',
    ].join('\n'),
  );
}

function runSetup(extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/system-tools/cli.ts'], {
    cwd: ROOT,
    env: { PATH: bin, ...extraEnv },
    encoding: 'utf8',
  });
}

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'system-tools-bin-'));
  log = join(bin, 'apt-get.log');
  writeFileSync(log, '');
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

it('says nothing and succeeds when every tool is installed', () => {
  for (const tool of TOOLS) script(tool, 'exit 0');
  fakeAptGet();

  const run = runSetup();

  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(readFileSync(log, 'utf8')).toBe('');
});

it('installs exactly the missing packages with apt-get, then succeeds', () => {
  script('python3', 'exit 0');
  script('aws', 'exit 0');
  fakeAptGet();

  const run = runSetup();

  expect(run.status).toBe(0);
  expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
    'DEBIAN_FRONTEND=noninteractive update -qq',
    'DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends chromium fonts-liberation rclone curl kcat',
  ]);
  expect(run.stderr).toBe(
    'installing what the tests need (apt-get): chromium fonts-liberation rclone curl kcat\n',
  );
});

it('stops at once, naming the tools and the command, where it cannot install', () => {
  script('python3', 'exit 0');

  const run = runSetup();

  expect(run.status).toBe(1);
  expect(run.stderr).toContain('chromium');
  expect(run.stderr).toContain(
    'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-liberation awscli rclone curl kcat',
  );
});

it(`checks nothing with ${SKIP_VARIABLE}=1`, () => {
  const run = runSetup({ [SKIP_VARIABLE]: '1' });

  expect(run.status).toBe(0);
  expect(run.stderr).toBe(`system tools not checked (${SKIP_VARIABLE}=1)\n`);
});
