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
import { PROCESS_OUTPUT, runCli, untilInterrupted } from '../shared/cli-main';
import { goLive, liveGuide } from './live/start';

/** Records per second the producer sends once the run goes live. */
const LIVE_RATE = 10;

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
  // A staged copy left once every function was idle: the Azure lifecycle policy would remove it
  // after a day, but it means a copy was written after its transfer had finished.
  for (const file of result.temporaryFiles)
    process.stderr.write(
      `left under ${file.fileSystem}/${file.name}: ${file.bytes} bytes, written ${file.lastModified}, ${JSON.stringify(file.metadata)}\n`,
    );

  if (result.kept) {
    const { kept } = result;
    try {
      const live = await goLive(kept.cloud, result.deployment, kept.functions, {
        port: args.dashboardPort,
        portGiven: args.dashboardPortGiven,
        rate: LIVE_RATE,
        seed: args.seed,
        // The run's day is over: live traffic starts the monitor's history again.
        freshMonitorHistory: true,
        earlierAlerts: result.alerts,
        batchRuns: result.figures.etl,
        // Live, problems are said whatever --quiet asked of the run.
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`\n${connectionGuide(kept.cloud, result.deployment)}\n`);
      process.stdout.write(`\n${liveGuide(live)}\n`);
      await untilInterrupted();
      process.stderr.write('stopping the producer and localcloud…\n');
      await live.stop();
    } finally {
      await kept.stop();
    }
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
