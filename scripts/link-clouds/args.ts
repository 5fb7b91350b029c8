/** The command line of `npm run link-clouds`, parsed into options or a `UsageError`. */
import { UsageError } from '../shared/usage-error';
import { HELP, parseOptions } from '../shared/cli-main';

export type LinkDirection = 'pulumi' | 'aws';

export interface LinkArgs {
  /** `pulumi`: ReplicationStack outputs → Pulumi config; `aws`: Pulumi outputs → CDK context. */
  readonly to: LinkDirection;
  /** Platform environment. @default 'dev' */
  readonly env: string;
  /** Pulumi stack. @default the environment name */
  readonly stack: string;
  /** `cdk deploy --outputs-file` JSON or `aws cloudformation describe-stacks` JSON. */
  readonly awsOutputs?: string;
  /** `pulumi stack output --json` saved to a file. */
  readonly pulumiOutputs?: string;
  /** Pulumi stack config file. @default Pulumi.<stack>.yaml in the repository root */
  readonly configFile?: string;
  /** CDK context file. @default cdk.context.json in the repository root */
  readonly contextFile?: string;
  /** Print what would change and write nothing. @default false */
  readonly dryRun: boolean;
}

/** What `--help` parses to: print the usage, exit 0. */
export { HELP };

export const USAGE = `Usage: npm run link-clouds -- --to <pulumi|aws> [options]

Hands each cloud's deployment outputs to the other (see scripts/link-clouds/README.md).

  --to pulumi              ReplicationStack outputs → hybrid-lake:awsIssuerUrl,
                           hybrid-lake:transferRoleArn and the NAT addresses in
                           hybrid-lake:allowedIpRanges (kept with your own ranges)
                           in Pulumi.<stack>.yaml
  --to aws                 Pulumi stack outputs → azureTargets.<env> in cdk.context.json
  --env <name>             platform environment (default: dev)
  --stack <name>           Pulumi stack (default: the environment name)
  --aws-outputs <file>     cdk deploy --outputs-file JSON, or describe-stacks JSON
                           (default: aws cloudformation describe-stacks)
  --pulumi-outputs <file>  pulumi stack output --json, saved (default: run it)
  --config-file <file>     Pulumi stack config (default: Pulumi.<stack>.yaml)
  --context-file <file>    CDK context file (default: cdk.context.json)
  --dry-run                print what would change, write nothing
  --help                   show this help

Exit codes: 0 linked (or nothing to change), 2 usage or input error, 3 a CLI could not be run.`;

export function parseLinkArgs(argv: readonly string[]): LinkArgs | typeof HELP {
  const values = parseOptions(argv, {
    to: { type: 'string' },
    env: { type: 'string', default: 'dev' },
    stack: { type: 'string' },
    'aws-outputs': { type: 'string' },
    'pulumi-outputs': { type: 'string' },
    'config-file': { type: 'string' },
    'context-file': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help === true) return HELP;
  const to = values.to;
  if (to === undefined) throw new UsageError('--to is required: pulumi or aws');
  if (to !== 'pulumi' && to !== 'aws') {
    throw new UsageError(`--to must be pulumi or aws; got "${to}"`);
  }
  // Each direction reads one cloud's outputs and writes one file; the other's flags are mistakes.
  const misplaced =
    to === 'pulumi'
      ? (['pulumi-outputs', 'context-file'] as const)
      : (['aws-outputs', 'config-file'] as const);
  for (const flag of misplaced) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is not used with --to ${to}`);
  }
  const env = nonEmpty(values.env, '--env') ?? 'dev';
  const optional = (
    flag: 'stack' | 'aws-outputs' | 'pulumi-outputs' | 'config-file' | 'context-file',
  ) => nonEmpty(values[flag], `--${flag}`);
  const awsOutputs = optional('aws-outputs');
  const pulumiOutputs = optional('pulumi-outputs');
  const configFile = optional('config-file');
  const contextFile = optional('context-file');
  return {
    to,
    env,
    stack: optional('stack') ?? env,
    ...(awsOutputs !== undefined && { awsOutputs }),
    ...(pulumiOutputs !== undefined && { pulumiOutputs }),
    ...(configFile !== undefined && { configFile }),
    ...(contextFile !== undefined && { contextFile }),
    dryRun: values['dry-run'] ?? false,
  };
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}
