/**
 * `npm run live`: the platform on localcloud in real time, without a day of data first. Deploys
 * it from the platform definition, starts its functions, then goes live (producer, streaming
 * jobs, dashboard) until Ctrl-C. Exit codes: 0 stopped by the user, 1 failed, 2 usage error.
 */
import '../shared/aws-sdk-node-notice';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import { loadPlatform } from '../../infra/platform';
import { deployLocalPlatform } from '../local-platform/deploy';
import { startLocalFunctions, type LocalFunctions } from '../local-platform/lambda-runtime';
import { PROCESS_OUTPUT, runCli, untilInterrupted } from '../shared/cli-main';
import { connectionGuide } from './connection-guide';
import { LIVE_USAGE, parseLiveArgs, type LiveArgs } from './live/args';
import { goLive, liveGuide } from './live/start';

async function live(args: LiveArgs): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const platform = loadPlatform(args.env);
  const logDirectory = join(args.reportDirectory, 'logs');
  mkdirSync(logDirectory, { recursive: true });
  log('starting localcloud…');
  const cloud = await startCloud(args, log);
  let functions: LocalFunctions | undefined;
  try {
    log('deploying the platform…');
    const deployment = await deployLocalPlatform(cloud, { platform });
    functions = await startLocalFunctions(cloud, deployment.functions, { logDirectory });
    const running = await goLive(cloud, deployment, functions, {
      port: args.dashboardPort,
      portGiven: args.dashboardPortGiven,
      rate: args.rate,
      seed: args.seed,
      freshMonitorHistory: false,
      log,
    });
    process.stdout.write(`${connectionGuide(cloud, deployment)}\n\n${liveGuide(running)}\n`);
    await untilInterrupted();
    log('stopping the producer and localcloud…');
    await running.stop();
    return 0;
  } finally {
    await functions?.stop();
    await cloud.stop();
  }
}

/** The default ports, or free ones when they are taken and none were asked for. */
async function startCloud(args: LiveArgs, log: (line: string) => void): Promise<LocalCloud> {
  const options = { port: args.port, azurePort: args.azurePort, kafkaIam: true };
  try {
    return await startLocalCloud(options);
  } catch (error) {
    if (args.portsGiven || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log(`ports ${args.port}/${args.azurePort} or Kafka's are taken; using free ports instead`);
    return startLocalCloud({ ...options, port: 0, azurePort: 0 });
  }
}

runCli(
  { name: 'npm run live', usage: LIVE_USAGE, usageExitCode: 2, parse: parseLiveArgs, run: live },
  process.argv.slice(2),
  PROCESS_OUTPUT,
).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm run live: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
