/**
 * `npm run localcloud`: the AWS endpoint in the foreground until Ctrl-C.
 *
 *   npm run localcloud                                  # port 4566, us-east-1, in memory
 *   npm run localcloud -- --port 0                      # every endpoint on a free port
 *   npm run localcloud -- --port 4600 --azure-port 10100 --kafka-port 9192 --kafka-iam-port 9198 \
 *     --region eu-west-1 --state-dir .localcloud
 *   npm run localcloud -- --redshift-workgroup hybrid-lake-dev   # a workgroup the Data API can reach
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCloud } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4566' },
      // Unset, these follow --port: their usual ports, or free ones with --port 0.
      'azure-port': { type: 'string' },
      'kafka-port': { type: 'string' },
      'kafka-iam-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      region: { type: 'string', default: 'us-east-1' },
      'state-dir': { type: 'string' },
      'redshift-workgroup': { type: 'string', multiple: true, default: [] },
      'redshift-cluster': { type: 'string', multiple: true, default: [] },
    },
  });
  const port = parsePort(values.port, '--port');
  const optionalPort = (flag: 'azure-port' | 'kafka-port' | 'kafka-iam-port') =>
    values[flag] === undefined ? undefined : parsePort(values[flag], `--${flag}`);
  const azurePort = optionalPort('azure-port');
  const kafkaPort = optionalPort('kafka-port');
  const kafkaIamPort = optionalPort('kafka-iam-port');

  const started = performance.now();
  const cloud = await startLocalCloud({
    port,
    ...(azurePort !== undefined && { azurePort }),
    ...(kafkaPort !== undefined && { kafkaPort }),
    ...(kafkaIamPort !== undefined && { kafkaIamPort }),
    kafkaIam: true,
    host: values.host,
    region: values.region,
    ...(values['state-dir'] !== undefined && { stateDir: values['state-dir'] }),
  });
  values['redshift-workgroup'].forEach((name) => cloud.services.redshiftData.createWorkgroup(name));
  values['redshift-cluster'].forEach((id) => cloud.services.redshiftData.createCluster(id));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  console.log(`localcloud listening on ${cloud.endpoint} (started in ${seconds} s)`);
  console.log(`Azure Storage (Blob + DFS, ADLS Gen2) on ${cloud.azure.endpoint}`);
  console.log(`Kafka (one broker, no auto-created topics) on ${cloud.kafka.bootstrapServers}`);
  const iam = cloud.kafka.sasl!;
  const caFile = writeKafkaAuthority(iam.caCertificate, values['state-dir']);
  console.log(
    `Kafka for IAM clients (TLS + SASL/OAUTHBEARER, MSK IAM tokens) on ${iam.bootstrapServers}`,
  );
  console.log(`  its certificate authority: ${caFile} (e.g. NODE_EXTRA_CA_CERTS=${caFile})`);
  console.log(`services: ${Object.keys(cloud.services).join(', ')}`);
  const redshift = [...values['redshift-workgroup'], ...values['redshift-cluster']];
  if (redshift.length > 0) console.log(`Redshift workgroups and clusters: ${redshift.join(', ')}`);
  console.log(
    values['state-dir']
      ? `state: ${values['state-dir']} (saved on exit)`
      : 'state: in memory (lost on exit)',
  );
  console.log('\nPoint the AWS SDKs and CLI, and the Azure Storage SDKs, at it:');
  for (const [name, value] of Object.entries(cloud.env)) console.log(`  export ${name}=${value}`);
  console.log(`\nHealth: curl ${cloud.endpoint}/_localcloud/health   ·   Ctrl-C to stop`);

  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping localcloud`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('localcloud: failed to stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** The CA file IAM clients trust: in the state folder, or a temporary one removed on exit. */
function writeKafkaAuthority(pem: string, stateDir: string | undefined): string {
  const folder = stateDir ?? mkdtempSync(join(tmpdir(), 'localcloud-kafka-'));
  if (stateDir === undefined)
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'kafka-ca.pem');
  writeFileSync(file, pem);
  return file;
}

function parsePort(value: string | undefined, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`${flag} must be 0..65535, got ${value}`);
  return port;
}

main().catch((error: unknown) => {
  console.error(`localcloud: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
