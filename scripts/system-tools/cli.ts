/**
 * `npm run test:setup`, the first step of `npm test`: makes sure the programs the tests start are
 * installed. Missing Debian packages are installed when this process may (root, or sudo without a
 * password); otherwise it stops at once with the command to run. Silent when nothing is missing.
 * Exit codes: 0 ready, 1 something is still missing.
 */
import { spawnSync } from 'node:child_process';
import { findOnPath } from '../shared/find-on-path';
import {
  debianPackages,
  describeMissing,
  manualInstallCommand,
  missingTools,
  planSetup,
  SKIP_VARIABLE,
  type Host,
  type Privilege,
} from './plan';
import { locateTool, SYSTEM_TOOLS, type SystemTool } from './tools';

function privilege(): Privilege {
  if (process.getuid?.() === 0) return 'root';
  if (findOnPath('sudo') === undefined) return 'none';
  // -n: fail instead of asking for a password, which would hang a CI job.
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
    ? 'passwordless-sudo'
    : 'none';
}

function run(argv: readonly string[]): { ok: boolean; output: string } {
  const [command = '', ...args] = argv;
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`,
  };
}

function main(): number {
  if (process.env[SKIP_VARIABLE] === '1') {
    process.stderr.write(`system tools not checked (${SKIP_VARIABLE}=1)\n`);
    return 0;
  }
  const isInstalled = (tool: SystemTool) => locateTool(tool) !== undefined;
  const missing = missingTools(SYSTEM_TOOLS, isInstalled);
  if (missing.length === 0) return 0;
  const host: Host = { hasAptGet: findOnPath('apt-get') !== undefined, privilege: privilege() };
  const plan = planSetup(missing, host);
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'stop') {
    process.stderr.write(`${plan.message}\n`);
    return 1;
  }

  const packages = debianPackages(plan.missing);
  process.stderr.write(`installing what the tests need (apt-get): ${packages.join(' ')}\n`);
  for (const command of plan.commands) {
    const { ok, output } = run(command);
    if (!ok) {
      process.stderr.write(
        `${output.trimEnd()}\n\n\`${command.join(' ')}\` failed. Install the packages yourself, ` +
          `then run npm test again:\n\n  ${manualInstallCommand(packages)}\n`,
      );
      return 1;
    }
  }
  const stillMissing = missingTools(plan.missing, isInstalled);
  if (stillMissing.length > 0) {
    process.stderr.write(
      `installed ${packages.join(' ')}, yet these are still not on PATH:\n` +
        `${describeMissing(stillMissing)}\n`,
    );
    return 1;
  }
  return 0;
}

process.exitCode = main();
