import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { PutObjectCommand } from '@aws-sdk/client-s3';
import { type S3Client } from '@aws-sdk/client-s3';
import { EXIT, main } from '../../../../scripts/generate-data/main';
import { dayOf, HISTORY_DAYS } from './helpers';

function run(argv: string[], clients?: { s3: S3Client; sts: STSClient }) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = main(argv, {
    env: {},
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    now: () => new Date('2026-03-03T08:00:00Z'),
    ...(clients !== undefined && { clients }),
  });
  return { code, stdout, stderr };
}

describe('generate-data main', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'generate-data-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('writes every object of the day under --out-dir and prints a summary', async () => {
    const result = run([
      '--size',
      'small',
      '--history-days',
      String(HISTORY_DAYS),
      '--out-dir',
      directory,
      '--quiet',
    ]);
    expect(await result.code).toBe(EXIT.written);
    const expected = dayOf('small'); // seed 42, day 2026-03-02 = yesterday of `now`
    const files = readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files).toHaveLength(expected.objects.length);
    const first = expected.objects[0]!;
    expect(readFileSync(join(directory, first.key)).equals(first.body)).toBe(true);
    expect(result.stdout[0]).toBe(`Generated 2026-03-02 (seed 42, size small) into ${directory}`);
    expect(result.stdout.join('\n')).toMatch(/^access_events\s+73\s+3,016\s/m);
    expect(result.stdout.at(-1)).toMatch(/^Bad e-mails: \d+\. Bot burst: [\d,]+ requests from /);
    expect(result.stdout.at(-2)).toMatch(
      /^Web log: [\d,]+ common log format lines with host-name clients, [\d,]+ with no body \(-\)/,
    );
  });

  it('writes into the raw bucket of the account behind --endpoint', async () => {
    const keys: string[] = [];
    const buckets = new Set<string>();
    const s3 = {
      send: async (command: PutObjectCommand) => {
        keys.push(command.input.Key!);
        buckets.add(command.input.Bucket!);
        return Promise.resolve({});
      },
    } as unknown as S3Client;
    const sts = {
      send: async (command: unknown) => {
        expect(command).toBeInstanceOf(GetCallerIdentityCommand);
        return Promise.resolve({ Account: '000000000000' });
      },
    } as unknown as STSClient;
    const result = run(
      [
        '--size',
        'small',
        '--history-days',
        String(HISTORY_DAYS),
        '--endpoint',
        'http://127.0.0.1:4566',
        '--region',
        'eu-west-1',
        '--quiet',
      ],
      { s3, sts },
    );
    expect(await result.code).toBe(EXIT.written);
    expect([...buckets]).toEqual(['hybrid-lake-dev-raw-000000000000-eu-west-1']);
    expect(keys).toHaveLength(dayOf('small').objects.length);
    expect(result.stdout[0]).toContain('into s3://hybrid-lake-dev-raw-000000000000-eu-west-1');
  });

  it('exits 2 with the usage on a bad argument, and 1 when a write fails', async () => {
    const usage = run(['--size', 'tiny', '--out-dir', directory]);
    expect(await usage.code).toBe(EXIT.usage);
    expect(usage.stderr[0]).toMatch(/^generate-data: the size must be/);
    expect(usage.stderr[1]).toContain('Usage: npm run generate-data');

    const failing = {
      send: async () => Promise.reject(new Error('connection refused')),
    } as unknown as S3Client;
    const sts = {
      send: async () => Promise.resolve({ Account: '000000000000' }),
    } as unknown as STSClient;
    const failed = run(['--size', '100', '--endpoint', 'http://127.0.0.1:1', '--quiet'], {
      s3: failing,
      sts,
    });
    expect(await failed.code).toBe(EXIT.failed);
    expect(failed.stderr[0]).toMatch(
      /^generate-data: could not write [a-z_]+\/year=.*: Error: connection refused$/,
    );
  });

  it('prints the usage for --help', async () => {
    const result = run(['--help']);
    expect(await result.code).toBe(EXIT.written);
    expect(result.stdout[0]).toContain('--out-dir <dir>');
  });
});
