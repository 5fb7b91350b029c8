/**
 * `npm start`: the whole platform on localcloud, end to end, with a report. Exit codes: 0 the run
 * completed and the mirror has no drift, 1 the run failed or found drift, 2 usage error.
 */
import '../shared/aws-sdk-node-notice';
import { resolve } from 'node:path';
import { parseLocalRunArgs, USAGE, type LocalRunArgs } from './args';
import { connectionGuide } from './connection-guide';
import { renderTerminalReport, writeReports } from './report';
import { runLocalPlatform, type LocalRunResult } from './run-local-platform';
import { PROCESS_OUTPUT, runCli } from '../shared/cli-main';

function main(argv: readonly string[]): Promise<number> {
  return runCli(
    {
      name: 'npm start',
      usage: USAGE,
      usageExitCode: 2,
      parse: parseLocalRunArgs,
      run: runAndReport,
    },
    argv,
    PROCESS_OUTPUT,
  );
}

async function runAndReport(args: LocalRunArgs): Promise<number> {
  const log = args.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const result = await runWithPortFallback(args, log);
  const { figures } = result;
  const { htmlPath, jsonPath } = await writeReports(figures, args.reportDirectory);
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(`${renderTerminalReport(figures, { color })}\n`);
  process.stdout.write(`\nReport: ${resolve(htmlPath)}\n        ${resolve(jsonPath)}\n`);

  if (result.kept) {
    const { kept } = result;
    process.stdout.write(`\n${connectionGuide(kept.cloud, result.deployment)}\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stderr.write('stopping localcloud…\n');
    await kept.stop();
  }
  return figures.reconcile.drift ? 1 : 0;
}

/**
 * The default ports are LocalStack's and Azurite's, so tools find localcloud where they expect
 * an emulator; when they are taken and none were asked for, any free ports will do.
 */
async function runWithPortFallback(
  args: LocalRunArgs,
  log: ((line: string) => void) | undefined,
): Promise<LocalRunResult> {
  const options = { ...args, ...(log && { log }) };
  try {
    return await runLocalPlatform(options);
  } catch (error) {
    if (args.portsGiven || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log?.(`ports ${args.port}/${args.azurePort} or Kafka's are taken; using free ports instead`);
    return runLocalPlatform({ ...options, port: 0, azurePort: 0 });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
