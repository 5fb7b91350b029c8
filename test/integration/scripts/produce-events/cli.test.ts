/**
 * The command as an operator runs it: a separate `tsx scripts/produce-events/cli.ts` process.
 * There is no Kafka broker here, so records go through `--dry-run`; the Kafka path is exercised
 * up to the point a broker would answer (a closed local port).
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadPlatform, topicDataset } from '../../../../infra/platform';
import { recordShapeProblems } from '../../../../scripts/produce-events/record-shape';

const root = join(__dirname, '../../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = 'scripts/produce-events/cli.ts';
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const platform = loadPlatform('dev');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
interface Line {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

function runCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, [cli, ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
        stdout,
        stderr,
      });
    });
  });
}

const parse = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('produce-events CLI process', () => {
  it('prints --count records as JSON lines that fit their datasets', async () => {
    const run = await runCli('--dry-run', '--count', '20', '--seed', '1');
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    expect(lines).toHaveLength(20);
    for (const line of lines) {
      const topic = platform.topics.find((candidate) => candidate.name === line.topic)!;
      const dataset = topicDataset(platform, topic);
      expect(line.headers.dataset).toBe(dataset.name);
      expect(line.headers['schema-version']).toMatch(/^[0-9a-f]{16}$/);
      expect(recordShapeProblems(dataset, line.value as never)).toEqual([]);
    }
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(line.topic, (counts.get(line.topic) ?? 0) + 1);
    expect(run.stderr).toContain('produce: seed 1;');
    expect(run.stderr).toContain(`produce: delivered 20 records (`);
    for (const [topic, count] of counts) expect(run.stderr).toContain(`${topic} ${count}`);
    expect(run.stderr).toContain('stopped: count');
  });

  it('repeats the same records for the same seed, apart from the times', async () => {
    const [first, second] = await Promise.all([
      runCli(
        '--dry-run',
        '--count',
        '20',
        '--seed',
        '7',
        '--topic',
        'purchases',
        '--topic',
        'interactions',
      ),
      runCli(
        '--dry-run',
        '--count',
        '20',
        '--seed',
        '7',
        '--topic',
        'purchases',
        '--topic',
        'interactions',
      ),
    ]);
    const withoutTimes = (run: Run) =>
      parse(run.stdout).map(
        ({ value: { transaction_time: _t, interaction_time: _i, ...rest }, ...line }) => ({
          ...line,
          value: rest,
        }),
      );
    expect(withoutTimes(first)).toEqual(withoutTimes(second));
    expect(new Set(parse(first.stdout).map((line) => line.topic))).toEqual(
      new Set(['purchases', 'interactions']),
    );
  });

  it('stops on SIGINT, flushes, prints the count per topic and exits 0', async () => {
    const child = spawn(
      tsx,
      [cli, '--dry-run', '--rate', '5', '--flat', '--topic', 'access-events'],
      { cwd: root, env },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > 3) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const printed = parse(stdout).length;
    expect(stderr).toContain('produce: SIGINT, flushing');
    expect(stderr).toContain(
      `produce: delivered ${printed} records (access-events ${printed}); stopped: signal`,
    );
  });

  it('exits 2 and lists the platform topics for an unknown topic', async () => {
    const run = await runCli('--dry-run', '--topic', 'clicks');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'produce: unknown topic "clicks"; the platform defines: access-events, web-logs, purchases, interactions',
    );
    expect(run.stdout).toBe('');
  });

  it('exits 2 when no broker is configured', async () => {
    const run = await runCli('--count', '1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no Kafka brokers: pass --brokers host:port,… or set KAFKA_BROKERS',
    );
  });

  it('exits 1 with a clear message when no broker answers', async () => {
    const port = await closedPort();
    const run = await runCli('--brokers', `127.0.0.1:${port}`, '--auth', 'none', '--count', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`produce: cannot reach a Kafka broker at 127.0.0.1:${port}`);
    expect(run.stderr).toContain('ECONNREFUSED');
  });
});
