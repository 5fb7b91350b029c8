/**
 * The platform side of `npm run bench:api`, in a process of its own (forked, with IPC), as
 * `npm start` and the integration test run it: localcloud with its MSK IAM listener, the
 * platform's topics, the marketplace API deployed and served on the local API Gateway, the
 * unmodified ingestion function in the local Lambda service. Beside it, on a second port, the
 * same routes integrated with the trivial baseline function (and no reachable throttle). The load generator runs in the
 * parent, so it does not share this process's event loop with the gateway it measures.
 *
 *   platform.ts [containers]   a number: the local-only container count of the ingestion function
 */
import '../../shared/aws-sdk-node-notice';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type FaultSpec, type LocalCloud } from '@hybrid-lake/localcloud';
import { loadPlatform } from '../../../infra/platform';
import { deployContext } from '../../local-platform/deploy/context';
import {
  deployMarketplaceApi,
  serveMarketplaceApi,
} from '../../local-platform/deploy/marketplace-api';
import { deployLocalTopics } from '../../local-platform/deploy/streaming';
import type { LocalFunctionSpec } from '../../local-platform/deployment';
import { startLocalFunctions } from '../../local-platform/lambda-runtime';
import type { CpuTimes, FaultsApplied, LoadMessage, PlatformMessage } from './protocol';

const BASELINE_TOPIC = 'bench-api-baseline';
const TICKS_PER_SECOND = 100;

function send(message: PlatformMessage): void {
  process.send?.(message);
}

/** CPU of this process's children (the containers), from /proc: utime + stime. */
function containerCpu(): Record<string, number> {
  const times: Record<string, number> = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces: the fields are counted after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      times[entry] = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return times;
}

function cpuTimes(cloud: LocalCloud): CpuTimes {
  const usage = process.cpuUsage();
  return {
    type: 'cpu',
    platformMs: (usage.user + usage.system) / 1000,
    containersMs: containerCpu(),
    awsRequests: cloud.requests.byOperation(),
  };
}

function struck(cloud: LocalCloud): FaultsApplied {
  const triggered = cloud.faults.triggered;
  const after = triggered.filter((fault) => fault.when === 'after').length;
  return { type: 'faults-applied', struck: { before: triggered.length - after, after } };
}

/** Injects `first`, then `then` as soon as `first` has struck (checked every millisecond). */
async function chain(cloud: LocalCloud, first: FaultSpec, then: readonly FaultSpec[]) {
  const before = cloud.faults.triggered.length;
  cloud.faults.inject(first);
  while (cloud.faults.triggered.length === before)
    await new Promise((resolve) => setTimeout(resolve, 1));
  for (const spec of then) cloud.faults.inject(spec);
}

async function main(): Promise<void> {
  const containers = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const cloud = await startLocalCloud({ port: 0, kafkaIam: true });
  const platform = loadPlatform('dev');
  deployLocalTopics(cloud, platform);
  cloud.kafka.topics.createTopic(BASELINE_TOPIC, { partitions: 6, retentionMs: -1 });
  const deployed = await deployMarketplaceApi(deployContext(cloud, { platform }));
  const trivial: LocalFunctionSpec = {
    ...deployed.ingest,
    functionName: `${deployed.ingest.functionName}-bench-baseline`,
    handlerModule: join(__dirname, 'trivial-handler.ts'),
    environment: {},
  };
  const functions = await startLocalFunctions(cloud, [deployed.ingest, trivial], {
    logDirectory: mkdtempSync(join(tmpdir(), 'bench-api-')),
    ...(containers !== undefined && {
      localConcurrency: { [deployed.ingest.functionName]: containers },
    }),
  });
  const api = await serveMarketplaceApi(cloud, functions, deployed);
  // The stage's throttle (2,000 requests/s) would cap the trivial function, not the plumbing: the
  // baseline's bucket is set out of reach, so it still runs the same code path.
  const baseline = await serveMarketplaceApi(cloud, functions, {
    ...deployed,
    throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
    routes: deployed.routes.map((route) =>
      'functionName' in route ? { ...route, functionName: trivial.functionName } : route,
    ),
  });
  const stop = async () => {
    await Promise.all([api.stop(), baseline.stop()]);
    await functions.stop();
    await cloud.stop();
    process.exit(0);
  };
  process.on('message', (message: LoadMessage) => {
    if (message.type === 'inject') for (const spec of message.faults) cloud.faults.inject(spec);
    else if (message.type === 'inject-chain') void chain(cloud, message.first, message.then);
    else if (message.type === 'faults') send(struck(cloud));
    else if (message.type === 'cpu') send(cpuTimes(cloud));
    else void stop();
  });
  process.on('disconnect', () => void stop());
  const { accessKeyId, secretAccessKey } = cloud.clientConfig.credentials;
  const iam = cloud.kafka.sasl!;
  send({
    type: 'ready',
    apiPort: api.port,
    baselinePort: baseline.port,
    region: cloud.region,
    accessKeyId,
    secretAccessKey,
    kafkaBrokers: cloud.kafka.bootstrapServers,
    kafkaIamBrokers: iam.bootstrapServers,
    kafkaCa: iam.caCertificate,
    baselineTopic: BASELINE_TOPIC,
  });
}

main().catch((error: unknown) => {
  console.error(`bench:api platform: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
