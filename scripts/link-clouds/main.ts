/**
 * `npm run link-clouds`: hands the ReplicationStack outputs to the Pulumi stack config
 * (`--to pulumi`) and the Pulumi stack outputs to the CDK context (`--to aws`).
 * Exit codes: 0 linked or nothing to change, 2 usage or input error, 3 a CLI could not be run.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_NAMESPACE } from '../../infra/azure/config';
import { PlatformDefinitionError, loadPlatform, stackName } from '../../infra/platform';
import { USAGE, parseLinkArgs, type LinkArgs } from './args';
import { parseAwsOutputs } from './aws-outputs';
import { setAzureTarget } from './cdk-context-file';
import { describeChanges, isChanged, type Change } from './changes';
import { mergeEgressRanges } from './egress-ranges';
import { LinkInputError, ToolUnavailableError } from './errors';
import { setPulumiConfig } from './pulumi-config-file';
import { readPulumiConfigList, setPulumiConfigList } from './pulumi-config-list';
import { parsePulumiOutputs } from './pulumi-outputs';
import { REPOSITORY_ROOT } from '../shared/repository-root';
import { PROCESS_OUTPUT, runCli } from '../shared/cli-main';

export const EXIT = { linked: 0, input: 2, tool: 3 } as const;

/** Runs a CLI and returns its stdout; rejects with `ToolUnavailableError`. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

/** Everything from outside; tests pass a temporary root, a fake runner and capture the output. */
export interface LinkDependencies {
  /** Where Pulumi.<stack>.yaml and cdk.context.json live. */
  readonly root: string;
  readonly run: CommandRunner;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export function main(
  argv: readonly string[],
  dependencies: LinkDependencies = processDependencies(),
): Promise<number> {
  return runCli(
    {
      name: 'link-clouds',
      usage: USAGE,
      usageExitCode: EXIT.input,
      parse: parseLinkArgs,
      run: async (args) => {
        await (args.to === 'pulumi' ? linkToPulumi : linkToAws)(args, dependencies);
        return EXIT.linked;
      },
      failure: (error) =>
        error instanceof LinkInputError || error instanceof PlatformDefinitionError
          ? EXIT.input
          : error instanceof ToolUnavailableError
            ? EXIT.tool
            : undefined,
    },
    argv,
    dependencies,
  );
}

async function linkToPulumi(args: LinkArgs, deps: LinkDependencies): Promise<void> {
  const platform = loadPlatform(args.env);
  const replicationStack = stackName(platform, 'replication');
  const [document, source] =
    args.awsOutputs !== undefined
      ? [await readJson(deps.root, args.awsOutputs), args.awsOutputs]
      : [
          parseJson(
            await deps.run('aws', [
              'cloudformation',
              'describe-stacks',
              '--stack-name',
              replicationStack,
              '--region',
              platform.environment.region,
              '--output',
              'json',
            ]),
            'aws cloudformation describe-stacks',
          ),
          'aws cloudformation describe-stacks',
        ];
  const values = parseAwsOutputs(document, replicationStack, source);
  const file = resolvePath(deps.root, args.configFile ?? `Pulumi.${args.stack}.yaml`);
  const original = await readOptional(file);
  const allowedKey = `${CONFIG_NAMESPACE}:allowedIpRanges`;
  const egressKey = `${CONFIG_NAMESPACE}:awsEgressIps`;
  const ranges = mergeEgressRanges({
    current: readPulumiConfigList(original, allowedKey, file) ?? [],
    previous: readPulumiConfigList(original, egressKey, file) ?? [],
    next: values.egressIps,
  });
  const rangesEdit = setPulumiConfigList(original, allowedKey, ranges, file);
  const edit = setPulumiConfig(
    rangesEdit.text,
    {
      [`${CONFIG_NAMESPACE}:awsIssuerUrl`]: values.issuerUrl,
      [`${CONFIG_NAMESPACE}:transferRoleArn`]: values.transferRoleArn,
      [egressKey]: values.egressIps.join(','),
    },
    file,
  );
  await apply(deps, args, file, edit.text, [rangesEdit.change, ...edit.changes]);
  deps.stdout(
    `Next: pulumi up --stack ${args.stack}, then npm run link-clouds -- --to aws --env ${args.env}`,
  );
}

async function linkToAws(args: LinkArgs, deps: LinkDependencies): Promise<void> {
  const platform = loadPlatform(args.env);
  const [document, source] =
    args.pulumiOutputs !== undefined
      ? [await readJson(deps.root, args.pulumiOutputs), args.pulumiOutputs]
      : [
          parseJson(
            await deps.run('pulumi', ['stack', 'output', '--json', '--stack', args.stack]),
            'pulumi stack output --json',
          ),
          'pulumi stack output --json',
        ];
  const values = parsePulumiOutputs(document, platform, source);
  const file = resolvePath(deps.root, args.contextFile ?? 'cdk.context.json');
  const edit = setAzureTarget(await readOptional(file), platform.environmentName, values, file);
  await apply(deps, args, file, edit.text, edit.changes);
  deps.stdout(`Next: npx cdk deploy -c env=${args.env} ${stackName(platform, 'replication')}`);
}

/** Prints the changes and writes the file only when something changed and it is no dry run. */
async function apply(
  deps: LinkDependencies,
  args: LinkArgs,
  file: string,
  text: string,
  changes: readonly Change[],
): Promise<void> {
  const inside = relative(deps.root, file);
  const shown = inside === '' || inside.startsWith('..') ? file : inside;
  deps.stdout(describeChanges(shown, changes));
  if (!changes.some(isChanged)) {
    deps.stdout('Nothing to change.');
  } else if (args.dryRun) {
    deps.stdout('Dry run: nothing written.');
  } else {
    await writeFile(file, text, 'utf8');
    deps.stdout(`Wrote ${shown}.`);
  }
}

function resolvePath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readJson(root: string, path: string): Promise<unknown> {
  const text = await readOptional(resolvePath(root, path));
  if (text === undefined) throw new LinkInputError(`${path}: no such file`);
  return parseJson(text, path);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LinkInputError(`${source}: not valid JSON`, { cause: error });
  }
}

function processDependencies(): LinkDependencies {
  return {
    root: REPOSITORY_ROOT,
    run: runCommand,
    ...PROCESS_OUTPUT,
  };
}

const INSTALL_HINT: Readonly<Record<string, string>> = {
  aws: 'install the AWS CLI, or pass --aws-outputs <file> from `cdk deploy --outputs-file <file>`',
  pulumi:
    'install the Pulumi CLI (see scripts/azure), or pass --pulumi-outputs <file> saved from `pulumi stack output --json`',
};

export const runCommand: CommandRunner = async (command, args) => {
  try {
    const { stdout } = await promisify(execFile)(command, [...args], {
      cwd: REPOSITORY_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    const detail =
      failure.code === 'ENOENT'
        ? `${command} is not installed; ${INSTALL_HINT[command] ?? ''}`
        : `${command} ${args.join(' ')} failed: ${(failure.stderr ?? failure.message).trim()}`;
    throw new ToolUnavailableError(detail, { cause: error });
  }
};
