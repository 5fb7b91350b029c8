/**
 * How the three warehouse CLIs answer (README.md, exit codes): a bad command line with the usage,
 * exit 2; every other error exits 1 under its class name and with its cause, because what fails
 * here is mostly the warehouse library or the Data API, whose classes tell the kinds apart.
 */
import { exitWith, PROCESS_OUTPUT, runCli } from '../shared/cli-main';

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function runWarehouseCli<Args>(
  command: string,
  usage: string,
  parse: (argv: readonly string[]) => Args,
  run: (args: Args) => Promise<void>,
): void {
  const result = runCli(
    {
      usage,
      usageExitCode: EXIT.usage,
      parse,
      run,
      failure: (error) => ({ code: EXIT.failed, message: describe(error) }),
    },
    process.argv.slice(2),
    PROCESS_OUTPUT,
  );
  exitWith(result, command, EXIT.failed);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
