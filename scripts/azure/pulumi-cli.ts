/**
 * Runs the Pulumi CLI on this repository's program (`Pulumi.yaml` at the root), or, when no
 * `pulumi` is on PATH, says how to install the CLI version that matches the SDK in
 * package.json and fails. The CLI is a Go binary, not an npm package, so npm cannot supply it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath } from '../shared/find-on-path';
import { REPOSITORY_ROOT } from '../shared/repository-root';

export { REPOSITORY_ROOT };

export const PULUMI_COMMANDS = ['preview', 'up'] as const;
export type PulumiCommand = (typeof PULUMI_COMMANDS)[number];

/** The exit code of a shell that cannot find a command. */
export const EXIT_CLI_MISSING = 127;

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  /** Where the install instructions go. @default process.stderr */
  readonly stderr?: { write(text: string): unknown };
}

/** The SDK version in node_modules: the CLI of the same version is the one to install. */
export function pulumiSdkVersion(root = REPOSITORY_ROOT): string {
  const manifest = JSON.parse(
    readFileSync(join(root, 'node_modules', '@pulumi', 'pulumi', 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

export function installInstructions(version: string, platform: NodeJS.Platform, arch: string) {
  const os = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'darwin' : 'linux';
  const cpu = arch === 'arm64' ? 'arm64' : 'x64';
  const archive = `https://get.pulumi.com/releases/sdk/pulumi-v${version}-${os}-${cpu}.${os === 'windows' ? 'zip' : 'tar.gz'}`;
  return [
    'The Pulumi CLI is not on PATH. Install it (version ' +
      version +
      ' matches the SDK), then run this again:',
    '',
    `  install script:  curl -fsSL https://get.pulumi.com | sh -s -- --version ${version}`,
    '                   (installs into ~/.pulumi/bin; add that directory to PATH)',
    '  Homebrew:        brew install pulumi/tap/pulumi',
    `  archive:         ${archive}`,
    '                   (unpack it and put its pulumi/ directory on PATH; no installer, no npm)',
    '',
    'More: https://www.pulumi.com/docs/iac/download-install/',
    '',
  ].join('\n');
}

/**
 * `pulumi <command> --cwd <repository root> …extraArgs`, with the terminal attached. Type checks
 * run in `npm run typecheck`, so the CLI only transpiles (unless the caller set it otherwise).
 * @returns the CLI's exit code, or EXIT_CLI_MISSING after printing how to install it.
 */
export async function runPulumi(
  command: PulumiCommand,
  extraArgs: readonly string[],
  options: RunOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const executable = findOnPath('pulumi', env, options.platform);
  if (executable === undefined) {
    (options.stderr ?? process.stderr).write(
      installInstructions(
        pulumiSdkVersion(),
        options.platform ?? process.platform,
        options.arch ?? process.arch,
      ),
    );
    return EXIT_CLI_MISSING;
  }
  const child = spawn(executable, [command, '--cwd', REPOSITORY_ROOT, ...extraArgs], {
    stdio: 'inherit',
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: 'true', ...env },
  });
  return new Promise((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}
