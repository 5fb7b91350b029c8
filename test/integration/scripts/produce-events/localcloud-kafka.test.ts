/**
 * The platform's producer (`npm run produce`, kafkajs, idempotent, acks=all) into localcloud's
 * Kafka, with the topics the local deployment creates; what it says it delivered is what the
 * broker holds, and kcat, an independent client, reads the records back. With `--auth iam` it
 * goes through the IAM listener (TLS, MSK IAM token) without a line changed.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../../../infra/platform';
import { deployLocalTopics } from '../../../../scripts/local-platform/deploy/streaming';
import { useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';

const root = join(__dirname, '../../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cloud = useLocalCloud({ kafkaIam: true });
const tools = useCliTools(cloud, ['kcat']);

function produce(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['scripts/produce-events/cli.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

it('delivers to every topic what the broker then holds, readable by kcat', async () => {
  const topics = deployLocalTopics(cloud(), loadPlatform('dev'));
  const run = await produce([
    ...['--auth', 'none', '--brokers', cloud().kafka.bootstrapServers],
    ...['--count', '120', '--rate', '2000', '--seed', '7'],
  ]);
  expect(run).toMatchObject({ code: 0 });
  // "delivered 120 records (access-events 44, web-logs 40, …)"
  const delivered = /delivered (\d+) records \(([^)]*)\)/.exec(run.stderr);
  expect(delivered?.[1]).toBe('120');
  const perTopic = Object.fromEntries(
    delivered![2]!.split(', ').map((entry) => {
      const [name, count] = entry.split(' ');
      return [name!, Number(count)];
    }),
  );
  const held = Object.fromEntries(
    topics.map((name) => [
      name,
      cloud()
        .kafka.topics.topic(name)!
        .partitions.reduce((sum, partition) => sum + partition.logEndOffset, 0),
    ]),
  );
  expect(held).toEqual(perTopic);
  const busiest = topics.reduce((best, name) => (held[name]! > held[best]! ? name : best));
  const { stdout } = await tools().kcat(['-C', '-t', busiest, '-o', 'beginning', '-e', '-q']);
  const values = stdout.split('\n').filter((line) => line !== '');
  expect(values).toHaveLength(held[busiest]!);
  for (const value of values) expect(() => JSON.parse(value) as unknown).not.toThrow();
});

it('runs unmodified with --auth iam: TLS, and an MSK IAM token from the default credential chain', async () => {
  deployLocalTopics(cloud(), loadPlatform('dev'));
  // The producer trusts the listener's authority the way any Node.js process can be told to.
  const ca = join(tools().workDir, 'kafka-ca.pem');
  writeFileSync(ca, cloud().kafka.sasl!.caCertificate);
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  const credentials = {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_REGION: cloud().region,
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_EXTRA_CA_CERTS: ca,
  };
  const args = ['--auth', 'iam', '--brokers', cloud().kafka.sasl!.bootstrapServers];
  const run = await produce([...args, '--count', '20', '--rate', '2000'], {
    ...credentials,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
  });
  expect(run.stderr).toMatch(/delivered 20 records/);
  expect(run.code).toBe(0);

  const refused = await produce([...args, '--count', '1'], {
    ...credentials,
    AWS_SECRET_ACCESS_KEY: 'not-the-secret',
  });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/IAM authentication failed: the signature does not match/);
  const held = loadPlatform('dev').topics.reduce(
    (sum, topic) =>
      sum +
      cloud()
        .kafka.topics.topic(topic.name)!
        .partitions.reduce((records, partition) => records + partition.logEndOffset, 0),
    0,
  );
  expect(held).toBe(20);
});
