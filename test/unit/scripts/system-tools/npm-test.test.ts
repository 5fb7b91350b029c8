/**
 * `npm ci && npm test` works on a fresh machine: `npm test` checks and installs the system tools
 * before anything else, and CI only calls it (no installation of its own that a newcomer's
 * machine would miss).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('npm test', () => {
  it('first runs the system tools check', () => {
    expect(scripts.test).toMatch(/^npm run test:setup && /);
    expect(scripts['test:setup']).toBe('tsx scripts/system-tools/cli.ts');
  });
});

describe('.ci/run', () => {
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  const commands = ci.split('\n').filter((line) => !/^\s*#/.test(line));

  it('installs nothing itself: what it needs, npm test installs', () => {
    expect(commands.join('\n')).not.toMatch(/apt-get|apt install|dpkg/);
  });

  it("runs the README's two commands and keeps its summary line", () => {
    expect(commands.some((line) => /^npm ci\b/.test(line))).toBe(true);
    expect(commands.some((line) => /^npm test\b/.test(line))).toBe(true);
    expect(ci).toContain('export AWS_EC2_METADATA_DISABLED=true');
    expect(ci).toMatch(/passed, \$\{r\.numFailedTests\} failed/);
  });
});
