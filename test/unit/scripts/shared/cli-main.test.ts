import {
  exitWith,
  HELP,
  runCli,
  type Cli,
  type CliFailure,
} from '../../../../scripts/shared/cli-main';
import { UsageError } from '../../../../scripts/shared/usage-error';

const USAGE = 'Usage: npm run tool -- --count <n>';
const USAGE_EXIT = 64;

class ConfigError extends Error {}
class ToolMissingError extends Error {}

/** A tool whose exit codes differ from one another and from the usual 1 and 2. */
function tool(overrides: Partial<Cli<{ count: number }>> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const runs: { count: number }[] = [];
  const cli: Cli<{ count: number }> = {
    name: 'tool',
    usage: USAGE,
    usageExitCode: USAGE_EXIT,
    parse: (argv) => {
      if (argv.includes('--help')) return HELP;
      const [flag, value] = argv;
      if (flag !== '--count') throw new UsageError(`unknown option "${flag}"`);
      return { count: Number(value) };
    },
    run: (args) => {
      runs.push(args);
      return Promise.resolve(args.count);
    },
    failure: (error): CliFailure | undefined =>
      error instanceof ConfigError ? 5 : error instanceof ToolMissingError ? 7 : undefined,
    ...overrides,
  };
  const run = (...argv: string[]) =>
    runCli(cli, argv, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { run, stdout, stderr, runs };
}

describe('runCli', () => {
  it('exits with what the run resolves to, 0 when it resolves to nothing, and prints nothing', async () => {
    const counted = tool();
    expect(await counted.run('--count', '0')).toBe(0);
    expect(await counted.run('--count', '3')).toBe(3);
    expect(counted.runs).toEqual([{ count: 0 }, { count: 3 }]);

    const silent = tool({ run: () => Promise.resolve() });
    expect(await silent.run('--count', '9')).toBe(0);

    expect([...counted.stdout, ...counted.stderr, ...silent.stdout, ...silent.stderr]).toEqual([]);
  });

  it('prints the usage on stdout for --help, exits 0 and does not run', async () => {
    const { run, stdout, stderr, runs } = tool();
    expect(await run('--help')).toBe(0);
    expect(stdout).toEqual([USAGE]);
    expect(stderr).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('answers a usage error with the message, a blank line and the usage on stderr, and the usage code', async () => {
    const { run, stdout, stderr, runs } = tool();
    expect(await run('--size', '3')).toBe(USAGE_EXIT);
    expect(stderr).toEqual(['tool: unknown option "--size"', `\n${USAGE}`]);
    expect(stdout).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('gives a usage error the usage even when the failure map would take every error', async () => {
    const { run, stderr } = tool({ failure: () => 1 });
    expect(await run('--size', '3')).toBe(USAGE_EXIT);
    expect(stderr).toEqual(['tool: unknown option "--size"', `\n${USAGE}`]);
  });

  it('exits with the mapped code of a failure of the run, after its message and without the usage', async () => {
    const config = tool({ run: () => Promise.reject(new ConfigError('no such bucket')) });
    expect(await config.run('--count', '1')).toBe(5);
    expect(config.stderr).toEqual(['tool: no such bucket']);

    const missing = tool({
      run: () => Promise.reject(new ToolMissingError('aws is not installed')),
    });
    expect(await missing.run('--count', '1')).toBe(7);
    expect(missing.stderr).toEqual(['tool: aws is not installed']);
    expect([...config.stdout, ...missing.stdout]).toEqual([]);
  });

  it('maps an error of parsing that is not a usage error, such as a bad platform definition', async () => {
    const { run, stderr } = tool({
      parse: () => {
        throw new ConfigError('environment "qa" is not defined');
      },
    });
    expect(await run('--count', '1')).toBe(5);
    expect(stderr).toEqual(['tool: environment "qa" is not defined']);
  });

  it('prints the message the map gives, and the usage when it asks for it', async () => {
    const reworded = tool({
      run: () => Promise.reject(new Error('socket hang up')),
      failure: (error) => ({ code: 3, message: `no verdict: ${(error as Error).message}` }),
    });
    expect(await reworded.run('--count', '1')).toBe(3);
    expect(reworded.stderr).toEqual(['tool: no verdict: socket hang up']);

    const withUsage = tool({
      run: () => Promise.reject(new UsageError('dataset has no generator')),
      failure: () => ({ code: USAGE_EXIT, usage: true }),
    });
    expect(await withUsage.run('--count', '1')).toBe(USAGE_EXIT);
    expect(withUsage.stderr).toEqual(['tool: dataset has no generator', `\n${USAGE}`]);
  });

  it('prints bare messages for a tool without a name', async () => {
    const { run, stderr } = tool({
      name: undefined,
      run: () => Promise.reject(new ConfigError('refused')),
    });
    expect(await run('--size')).toBe(USAGE_EXIT);
    expect(await run('--count', '1')).toBe(5);
    expect(stderr).toEqual(['unknown option "--size"', `\n${USAGE}`, 'refused']);
  });

  it('throws on an error the map does not name, printing nothing, even a usage error of the run', async () => {
    const bug = new TypeError('undefined is not a function');
    const failing = tool({ run: () => Promise.reject(bug) });
    await expect(failing.run('--count', '1')).rejects.toBe(bug);

    const late = new UsageError('no brokers configured');
    const lateUsage = tool({ run: () => Promise.reject(late) });
    await expect(lateUsage.run('--count', '1')).rejects.toBe(late);

    const parseBug = new RangeError('bad table');
    const parsing = tool({
      parse: () => {
        throw parseBug;
      },
    });
    await expect(parsing.run('--count', '1')).rejects.toBe(parseBug);

    expect([...failing.stderr, ...lateUsage.stderr, ...parsing.stderr]).toEqual([]);
  });
});

describe('exitWith', () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    consoleError.mockRestore();
    process.exitCode = undefined;
  });

  it("sets the process's exit code to the main's", async () => {
    exitWith(Promise.resolve(4), 'tool', 9);
    await settled();
    expect(process.exitCode).toBe(4);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('prints an unexpected failure whole, under the tool name, and exits with its code', async () => {
    const bug = new TypeError('undefined is not a function');
    exitWith(Promise.reject(bug), 'tool', 9);
    await settled();
    expect(process.exitCode).toBe(9);
    expect(consoleError).toHaveBeenCalledWith('tool: unexpected failure', bug);
  });
});
