/**
 * The broker side of `npm run bench:kafka`, in a process of its own as localcloud runs beside
 * the platform: localcloud with one topic, printing its Kafka address, until stdin closes.
 */
import '../../shared/aws-sdk-node-notice';
import { startLocalCloud } from '@hybrid-lake/localcloud';

const [topic = 'bench', partitions = '6', ...more] = process.argv.slice(2);

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ port: 0 });
  for (const name of [topic, ...more])
    cloud.kafka.topics.createTopic(name, { partitions: Number(partitions), retentionMs: -1 });
  console.log(`kafka ${cloud.kafka.bootstrapServers}`);
  process.stdin.resume();
  process.stdin.once('end', () => void cloud.stop().then(() => process.exit(0)));
}

void main();
