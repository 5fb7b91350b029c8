/**
 * The frame the command-line tools run in, so they answer alike: `--help` prints the usage on
 * stdout and exits 0; a usage error prints `<name>: <message>`, a blank line and the usage on
 * stderr and exits with the tool's usage code; a failure the tool knows prints its message and
 * exits with the code the tool gives it. Any other error is a bug: it is thrown on, so that the
 * process reports it with its stack rather than as if it were an expected outcome.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

/** What a parser returns for `--help`. */
export const HELP = 'help';

/**
 * The options of a command line, read strictly: an unknown flag, a missing value or a positional
 * argument is a `UsageError` carrying Node.js's own message (`Unknown option '--x'`), so every
 * tool refuses a bad command line in the same words.
 */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    throw new UsageError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Where a tool writes; each call is one line (the newline is added). Tests collect the lines. */
export interface CliOutput {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export const PROCESS_OUTPUT: CliOutput = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** How a known failure ends the run; a bare number is the exit code, with the error's message. */
export type CliFailure =
  | number
  | {
      readonly code: number;
      /** In place of the error's own message. */
      readonly message?: string;
      /** Followed by the usage, as a usage error is. */
      readonly usage?: boolean;
    };

export interface Cli<Args> {
  /** Starts every message on stderr (`reconcile: …`); without it, the messages stand alone. */
  readonly name?: string;
  readonly usage: string;
  readonly usageExitCode: number;
  /**
   * The command line to arguments, or `HELP`. It may also load what the arguments name (the
   * platform definition): a `UsageError` gets the usage, any other error goes to `failure`.
   */
  readonly parse: (argv: readonly string[]) => Args | typeof HELP;
  /** Resolves to the exit code; nothing is 0. */
  readonly run: (args: Args) => Promise<number | void>;
  /** The failures the tool expects, with their exit codes; `undefined` for any other error. */
  readonly failure?: (error: unknown) => CliFailure | undefined;
}

/** Runs `cli` on `argv` and resolves to the process's exit code; rejects only on a bug. */
export async function runCli<Args>(
  cli: Cli<Args>,
  argv: readonly string[],
  output: CliOutput,
): Promise<number> {
  let args: Args;
  try {
    const parsed = cli.parse(argv);
    if (parsed === HELP) {
      output.stdout(cli.usage);
      return 0;
    }
    args = parsed;
  } catch (error) {
    const failure =
      error instanceof UsageError ? { code: cli.usageExitCode, usage: true } : cli.failure?.(error);
    return report(cli, output, error, failure);
  }
  try {
    return (await cli.run(args)) ?? 0;
  } catch (error) {
    // Once the command line was accepted, the usage would not help: a UsageError thrown by the
    // run (a setting read from the environment, say) is the tool's to map like any failure.
    return report(cli, output, error, cli.failure?.(error));
  }
}

function report(
  cli: Pick<Cli<unknown>, 'name' | 'usage'>,
  output: CliOutput,
  error: unknown,
  failure: CliFailure | undefined,
): number {
  if (failure === undefined) throw error;
  const { code, message, usage }: Exclude<CliFailure, number> =
    typeof failure === 'number' ? { code: failure } : failure;
  const prefix = cli.name === undefined ? '' : `${cli.name}: `;
  output.stderr(`${prefix}${message ?? messageOf(error)}`);
  if (usage === true) output.stderr(`\n${cli.usage}`);
  return code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Hands the exit code to the process without ending it, so that pending output is still
 * written; a bug is printed whole (stack, cause) and exits with `unexpectedExitCode`.
 */
export function exitWith(result: Promise<number>, name: string, unexpectedExitCode: number): void {
  result.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${name}: unexpected failure`, error);
      process.exitCode = unexpectedExitCode;
    },
  );
}

/** Signals within this long of the first are the same Ctrl-C (npm relays it, the terminal sends it). */
const SAME_INTERRUPT_MS = 1_000;

/**
 * Resolves at the first SIGINT or SIGTERM (Ctrl-C), for a tool that runs until stopped and then
 * shuts down. The handlers stay: the same Ctrl-C arriving again (from npm and from the terminal)
 * is ignored so the shutdown finishes, and a second Ctrl-C later exits at once (130).
 */
export function untilInterrupted(
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  return new Promise<void>((done) => {
    let first: number | undefined;
    const onSignal = () => {
      if (first === undefined) {
        first = Date.now();
        done();
      } else if (Date.now() - first > SAME_INTERRUPT_MS) {
        warn('interrupted again: exiting without a clean shutdown');
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
