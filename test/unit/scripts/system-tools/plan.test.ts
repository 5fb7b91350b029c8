import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  debianPackages,
  manualInstallCommand,
  missingTools,
  planSetup,
  SKIP_VARIABLE,
  type Host,
} from '../../../../scripts/system-tools/plan';
import { SYSTEM_TOOLS, type SystemTool } from '../../../../scripts/system-tools/tools';

const tool = (command: string, debianPackages: string[] = [command]): SystemTool => ({
  command,
  debianPackages,
  neededBy: `the tests with ${command}`,
});
const chromium = tool('chromium', ['chromium', 'fonts-liberation']);
const rclone = tool('rclone');
const kcat = tool('kcat');
const debianRoot: Host = { hasAptGet: true, privilege: 'root' };

describe('the system tools npm test needs', () => {
  it('are the browser with its font, the AWS CLI, rclone, curl, kcat and Python', () => {
    expect(debianPackages(SYSTEM_TOOLS)).toEqual([
      'python3',
      'chromium',
      'fonts-liberation',
      'awscli',
      'rclone',
      'curl',
      'kcat',
    ]);
    expect(SYSTEM_TOOLS.map((entry) => entry.command)).toEqual([
      'python3',
      'chromium',
      'aws',
      'rclone',
      'curl',
      'kcat',
    ]);
  });

  it('are the ones the folder README lists', () => {
    const readme = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'scripts', 'system-tools', 'README.md'),
      'utf8',
    );
    const rows = [...readme.matchAll(/^\| `([^`]+)` +\| (`[^|]+`) +\|/gm)].map((row) => ({
      command: row[1],
      debianPackages: [...(row[2] ?? '').matchAll(/`([^`]+)`/g)].map((name) => name[1]),
    }));
    expect(rows).toEqual(
      SYSTEM_TOOLS.map((entry) => ({
        command: entry.command,
        debianPackages: entry.debianPackages,
      })),
    );
  });
});

describe('missingTools', () => {
  it('keeps the tools that are not installed, in list order', () => {
    const installed = new Set(['rclone']);
    expect(missingTools([chromium, rclone, kcat], (entry) => installed.has(entry.command))).toEqual(
      [chromium, kcat],
    );
  });
});

describe('debianPackages', () => {
  it("lists every tool's packages once", () => {
    expect(debianPackages([chromium, rclone, tool('chrome', ['chromium'])])).toEqual([
      'chromium',
      'fonts-liberation',
      'rclone',
    ]);
  });
});

describe('planSetup', () => {
  it('does nothing when everything is installed', () => {
    expect(planSetup([], { hasAptGet: false, privilege: 'none' })).toEqual({ kind: 'ready' });
  });

  it('as root: updates the package lists, then installs only the missing packages, quietly', () => {
    expect(planSetup([chromium, kcat], debianRoot)).toEqual({
      kind: 'install',
      missing: [chromium, kcat],
      commands: [
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
        [
          'env',
          'DEBIAN_FRONTEND=noninteractive',
          'apt-get',
          'install',
          '-y',
          '-qq',
          '--no-install-recommends',
          'chromium',
          'fonts-liberation',
          'kcat',
        ],
      ],
    });
  });

  it('with sudo that needs no password: the same commands through sudo -n', () => {
    const plan = planSetup([rclone], { hasAptGet: true, privilege: 'passwordless-sudo' });
    expect(plan.kind === 'install' && plan.commands.map((command) => command.slice(0, 4))).toEqual([
      ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'],
      ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'],
    ]);
  });

  it('without the right to install: stops with the one command to run and the way out', () => {
    const plan = planSetup([chromium, kcat], { hasAptGet: true, privilege: 'none' });
    expect(plan.kind).toBe('stop');
    const message = plan.kind === 'stop' ? plan.message : '';
    expect(message).toContain(
      '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-liberation kcat',
    );
    expect(message).toContain('chromium  the tests with chromium');
    expect(message).toContain(`${SKIP_VARIABLE}=1`);
  });

  it('without apt-get: stops, naming the Debian packages as a guide', () => {
    const plan = planSetup([rclone], { hasAptGet: false, privilege: 'root' });
    expect(plan.kind).toBe('stop');
    expect(plan.kind === 'stop' && plan.message).toContain('with your package manager');
    expect(plan.kind === 'stop' && plan.message).toContain(manualInstallCommand(['rclone']));
  });
});
