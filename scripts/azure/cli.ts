/**
 * `npm run azure:preview -- [pulumi args]` and `npm run azure:up -- [pulumi args]`, e.g.
 * `npm run azure:up -- --stack prod`.
 */
import '../shared/aws-sdk-node-notice';
import { PULUMI_COMMANDS, runPulumi, type PulumiCommand } from './pulumi-cli';

const [command, ...extraArgs] = process.argv.slice(2);

function isPulumiCommand(value: string | undefined): value is PulumiCommand {
  return (PULUMI_COMMANDS as readonly (string | undefined)[]).includes(value);
}

if (!isPulumiCommand(command)) {
  process.stderr.write(
    `usage: tsx scripts/azure/cli.ts <${PULUMI_COMMANDS.join('|')}> [pulumi arguments]\n`,
  );
  process.exitCode = 2;
} else {
  runPulumi(command, extraArgs).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`pulumi could not be started: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
