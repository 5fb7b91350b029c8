/**
 * `npm run generate-data`: generates the day, writes it to a directory or into the raw bucket
 * of an S3 endpoint, and prints what was written. Exit codes: 0 written, 1 a write failed,
 * 2 usage or configuration error.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  bucketName,
  loadPlatform,
  PlatformDefinitionError,
  type Platform,
} from '../../infra/platform';
import { HELP, parseGenerateArgs, USAGE, type GenerateArgs } from './args';
import { DayNotWrittenError } from './errors';
import { generateDay, type GeneratedDay } from './generate-day';
import { createProgressBar, type ProgressStream } from './progress-bar';
import { writeGeneratedDay } from './write-day';
import { runCli } from '../shared/cli-main';

export const EXIT = { written: 0, failed: 1, usage: 2 } as const;

export interface GenerateDependencies {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly now: () => Date;
  readonly progressStream?: ProgressStream;
  /** Injected clients for `--endpoint` (tests); otherwise made from the endpoint. */
  readonly clients?: { readonly s3: S3Client; readonly sts: STSClient };
}

export function main(argv: readonly string[], dependencies: GenerateDependencies): Promise<number> {
  return runCli(
    {
      name: 'generate-data',
      usage: USAGE,
      usageExitCode: EXIT.usage,
      parse: (words) => {
        const args = parseGenerateArgs(words, dependencies.now());
        return args === HELP ? HELP : { args, platform: loadPlatform(args.env) };
      },
      run: ({ args, platform }) => generate(args, platform, dependencies),
      failure: (error) =>
        error instanceof PlatformDefinitionError
          ? EXIT.usage
          : error instanceof DayNotWrittenError
            ? EXIT.failed
            : undefined,
    },
    argv,
    dependencies,
  );
}

async function generate(
  args: GenerateArgs,
  platform: Platform,
  dependencies: GenerateDependencies,
): Promise<number> {
  const day = generateDay({
    platform,
    seed: args.seed,
    day: args.day,
    size: args.size,
    historyDays: args.historyDays,
  });
  try {
    const destination =
      args.outDir !== undefined
        ? await writeToDirectory(args.outDir, day, args, dependencies)
        : await writeToEndpoint(platform, args, day, dependencies);
    for (const line of summary(day, destination)) dependencies.stdout(line);
  } catch (error) {
    throw new DayNotWrittenError(error);
  }
  return EXIT.written;
}

async function writeToDirectory(
  directory: string,
  day: GeneratedDay,
  args: GenerateArgs,
  dependencies: GenerateDependencies,
): Promise<string> {
  const progress = createProgressBar({
    label: `writing ${directory}`,
    total: day.objects.length,
    unit: 'objects',
    quiet: args.quiet,
    ...(dependencies.progressStream !== undefined && { stream: dependencies.progressStream }),
  });
  try {
    for (const object of day.objects) {
      const path = join(directory, ...object.key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, object.body);
      progress.tick();
    }
  } finally {
    progress.done();
  }
  return directory;
}

async function writeToEndpoint(
  platform: Platform,
  args: GenerateArgs,
  day: GeneratedDay,
  dependencies: GenerateDependencies,
): Promise<string> {
  const region =
    args.region ?? nonEmpty(dependencies.env.AWS_REGION) ?? platform.environment.region;
  const clients = dependencies.clients ?? endpointClients(args.endpoint!, region, dependencies.env);
  // The account is part of the bucket name; the endpoint says whose credentials these are.
  const { Account: account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (account === undefined)
    throw new Error('the endpoint did not say which account the credentials belong to');
  const bucket = bucketName(platform, 'raw', account, region);
  await writeGeneratedDay(clients.s3, bucket, day, {
    quiet: args.quiet,
    ...(dependencies.progressStream !== undefined && {
      progressStream: dependencies.progressStream,
    }),
  });
  return `s3://${bucket}`;
}

/**
 * Clients for an emulator endpoint: path-style (bucket names would not resolve as hosts), and,
 * when no credentials are set, localcloud's documented test key rather than a lookup that fails.
 */
function endpointClients(endpoint: string, region: string, env: NodeJS.ProcessEnv) {
  const hasKeys = nonEmpty(env.AWS_ACCESS_KEY_ID) !== undefined;
  const config = {
    endpoint,
    region,
    ...(!hasKeys && { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), sts: new STSClient(config) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const count = new Intl.NumberFormat('en-US');

export function summary(day: GeneratedDay, destination: string): string[] {
  const rows = day.figures.datasets.map((figures) => [
    figures.dataset,
    count.format(figures.objects),
    count.format(figures.records),
    count.format(figures.bytes),
    count.format(figures.dirtyRecords),
    count.format(figures.duplicates),
  ]);
  const header = ['dataset', 'objects', 'records', 'bytes', 'dirty', 'duplicates'];
  const total = (pick: (figures: GeneratedDay['figures']['datasets'][number]) => number) =>
    count.format(day.figures.datasets.reduce((sum, figures) => sum + pick(figures), 0));
  const footer = [
    'total',
    total((figures) => figures.objects),
    total((figures) => figures.records),
    total((figures) => figures.bytes),
    total((figures) => figures.dirtyRecords),
    total((figures) => figures.duplicates),
  ];
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows, footer].map((row) => row[column]!.length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  const { botBurst, badEmails, history, webLogLines } = day.figures;
  const rejectedLines = Object.values(webLogLines.rejected).reduce((sum, lines) => sum + lines, 0);
  const historyPart = (name: string) =>
    count.format(history.datasets.find((each) => each.dataset === name)?.records ?? 0);
  const historyFiles = history.datasets.reduce((sum, each) => sum + each.objects, 0);
  return [
    `Generated ${day.day} (seed ${day.seed}, size ${day.size}) into ${destination}`,
    format(header),
    ...rows.map(format),
    format(footer),
    `Customer history before the day: ${history.days} days, ${historyPart('transactions')} order lines and ${historyPart('interactions')} interactions in ${count.format(historyFiles)} files.`,
    `Web log: ${count.format(webLogLines.commonLogFormat)} common log format lines with host-name clients, ${count.format(webLogLines.dashBytes)} with no body (-), ${count.format(webLogLines.withoutProtocol)} without a protocol, ${count.format(webLogLines.nonAsciiPaths)} with a path that is not ASCII; ${count.format(rejectedLines)} lines for the clean job to reject.`,
    `Bad e-mails: ${badEmails}. Bot burst: ${count.format(botBurst.requests)} requests from ${botBurst.clientIp} over ${botBurst.minutes} minutes from ${botBurst.startMinute}.`,
  ];
}
