import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXIT_CLI_MISSING,
  pulumiSdkVersion,
  REPOSITORY_ROOT,
  runPulumi,
} from '../../../../scripts/azure/pulumi-cli';
import { findOnPath } from '../../../../scripts/shared/find-on-path';

/** A directory with a fake `pulumi` that records its arguments, cwd and one variable, then exits with $FAKE_EXIT. */
function fakePulumiDirectory(): { directory: string; log: string } {
  const directory = mkdtempSync(join(tmpdir(), 'fake-pulumi-'));
  const log = join(directory, 'calls.log');
  const script = join(directory, 'pulumi');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `printf '%s\\n' "$*" > '${log}'`,
      `printf 'transpile-only=%s\\n' "$PULUMI_NODEJS_TRANSPILE_ONLY" >> '${log}'`,
      'exit "${FAKE_EXIT:-0}"',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  return { directory, log };
}

const collect = () => {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
};

describe('the Pulumi CLI wrapper', () => {
  const fake = fakePulumiDirectory();
  const empty = mkdtempSync(join(tmpdir(), 'no-pulumi-'));
  afterAll(() => {
    rmSync(fake.directory, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  describe('with pulumi on PATH', () => {
    it('finds it', () =>
      expect(findOnPath('pulumi', { PATH: `${empty}:${fake.directory}` }, 'linux')).toBe(
        join(fake.directory, 'pulumi'),
      ));

    it('runs the command on the repository’s program with the extra arguments', async () => {
      const code = await runPulumi('preview', ['--stack', 'dev'], {
        env: { PATH: fake.directory },
        platform: 'linux',
      });
      expect(code).toBe(0);
      expect(readFileSync(fake.log, 'utf8').split('\n')).toEqual([
        `preview --cwd ${REPOSITORY_ROOT} --stack dev`,
        'transpile-only=true',
        '',
      ]);
    });

    it('passes the CLI’s exit code through', async () => {
      const code = await runPulumi('up', ['--yes'], {
        env: { PATH: fake.directory, FAKE_EXIT: '3' },
        platform: 'linux',
      });
      expect(code).toBe(3);
      expect(readFileSync(fake.log, 'utf8')).toContain(`up --cwd ${REPOSITORY_ROOT} --yes`);
    });

    it('keeps a transpile-only choice the caller made', async () => {
      await runPulumi('preview', [], {
        env: { PATH: fake.directory, PULUMI_NODEJS_TRANSPILE_ONLY: 'false' },
        platform: 'linux',
      });
      expect(readFileSync(fake.log, 'utf8')).toContain('transpile-only=false');
    });
  });

  describe('without pulumi on PATH', () => {
    it('does not find one', () =>
      expect(findOnPath('pulumi', { PATH: empty }, 'linux')).toBeUndefined());

    it('fails with 127 and explains every way to install the matching CLI', async () => {
      const stderr = collect();
      const code = await runPulumi('up', [], {
        env: { PATH: empty },
        platform: 'linux',
        arch: 'x64',
        stderr,
      });
      const version = pulumiSdkVersion();
      expect(code).toBe(EXIT_CLI_MISSING);
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(stderr.text()).toContain('The Pulumi CLI is not on PATH');
      expect(stderr.text()).toContain(
        `curl -fsSL https://get.pulumi.com | sh -s -- --version ${version}`,
      );
      expect(stderr.text()).toContain('brew install pulumi/tap/pulumi');
      expect(stderr.text()).toContain(
        `https://get.pulumi.com/releases/sdk/pulumi-v${version}-linux-x64.tar.gz`,
      );
    });

    it('points to the archive of the machine’s platform', async () => {
      const stderr = collect();
      await runPulumi('preview', [], {
        env: { PATH: empty },
        platform: 'darwin',
        arch: 'arm64',
        stderr,
      });
      expect(stderr.text()).toMatch(/pulumi-v[\d.]+-darwin-arm64\.tar\.gz/);
    });
  });
});
