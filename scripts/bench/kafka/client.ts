/**
 * One kafkajs side of `npm run bench:kafka`, in a process of its own (the platform's producers
 * and consumers are separate processes too):
 *
 *   client.ts produce <broker> <topic> <records> <bytes>   prints {"startedAt", "endedAt"}
 *   client.ts consume <broker> <topic> <records> <group>   prints "ready" once in its group,
 *                                                          then {"endedAt"} at the last record
 *
 * Times are wall-clock milliseconds, comparable across the processes.
 */
import '../../shared/aws-sdk-node-notice';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { RECORDS_PER_SEND, SENDS_IN_FLIGHT } from './sends';

async function produce(kafka: Kafka, topic: string, records: number, bytes: number) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(bytes, 'x');
  const sends = Math.ceil(records / RECORDS_PER_SEND);
  let next = 0;
  const sender = async () => {
    while (next < sends) {
      const send = next++;
      const count = Math.min(RECORDS_PER_SEND, records - send * RECORDS_PER_SEND);
      const messages: Message[] = Array.from({ length: count }, (_, index) => ({
        key: String(send * RECORDS_PER_SEND + index),
        value,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
  };
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: SENDS_IN_FLIGHT }, sender));
  const endedAt = Date.now();
  await producer.disconnect();
  console.log(JSON.stringify({ startedAt, endedAt }));
}

async function consume(kafka: Kafka, topic: string, records: number, groupId: string) {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  const all = new Promise<number>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => console.log('ready'));
    void consumer.run({
      eachBatch: ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= records) resolve(Date.now());
        return Promise.resolve();
      },
    });
  });
  const endedAt = await all;
  await consumer.disconnect();
  if (consumed !== records) throw new Error(`consumed ${consumed} of ${records} records`);
  console.log(JSON.stringify({ endedAt }));
}

async function main(): Promise<void> {
  const [role, broker, topic, records, extra] = process.argv.slice(2);
  const kafka = new Kafka({
    clientId: `bench-${role}`,
    brokers: [broker!],
    logLevel: logLevel.NOTHING,
  });
  if (role === 'produce') await produce(kafka, topic!, Number(records), Number(extra));
  else if (role === 'consume') await consume(kafka, topic!, Number(records), extra!);
  else throw new Error(`unknown role ${role}`);
}

main().catch((error: unknown) => {
  console.error(
    `bench:kafka ${process.argv[2]}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
