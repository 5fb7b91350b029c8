/**
 * `npm run bench:kafka [-- --records 200000 --size 1024 --runs 3 --json]`: 1 KiB records produced
 * and consumed through localcloud's Kafka with kafkajs, beside a baseline measured in the same
 * run: the same bytes through a plain local TCP relay. Broker, producer and consumer each run in
 * a process of their own, as they do on a real platform.
 *
 * The consumer (a group member, as the platform's consumers are) joins before the producer
 * starts; the figure is records produced and consumed per second, from the first send to the
 * last record consumed. Printed beside it: the producer's own rate (acks=all, first send to last
 * acknowledgement, while the consumer reads), and the same
 * records through the broker with kcat (librdkafka, a C client), which shows what the broker
 * takes when the client is not the limit.
 */
import '../../shared/aws-sdk-node-notice';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchMachine } from '../machine';
import { median } from '../statistics';
import { RECORDS_PER_SEND } from './sends';

const root = join(__dirname, '..', '..', '..');
const TOPIC = 'bench';
const PARTITIONS = 6;

interface Helper {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<RegExpExecArray>;
}

function startHelper(script: string, args: string[]): Helper {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], {
    cwd: root,
  });
  let output = '';
  const waiting: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    waiting.splice(0).forEach((check) => check());
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`))),
  );
  exited.catch(() => undefined);
  return {
    child,
    line: (pattern) =>
      Promise.race([
        exited,
        new Promise<RegExpExecArray>((resolve) => {
          const check = () => {
            const match = pattern.exec(output);
            if (match) resolve(match);
            else waiting.push(check);
          };
          check();
        }),
      ]),
  };
}

async function stopHelper({ child }: Helper): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  await exited;
}

interface KafkaRun {
  readonly seconds: number;
  readonly produceSeconds: number;
  readonly kcatProduceSeconds: number;
  readonly kcatConsumeSeconds: number;
}

function runKcat(args: string[], stdinFile?: string): Promise<number> {
  const input = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
  const started = performance.now();
  const child = spawn('kcat', args, { stdio: [input, 'ignore', 'inherit'] });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      if (typeof input === 'number') closeSync(input);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`kcat ${args.join(' ')} exited with ${code}`));
    }),
  );
}

async function throughKafka(records: number, size: number, run: number, lines: string) {
  const broker = startHelper('broker.ts', [TOPIC, String(PARTITIONS), 'kcat']);
  try {
    const address = (await broker.line(/kafka (\S+)/))[1]!;
    const consumer = startHelper('client.ts', [
      'consume',
      address,
      TOPIC,
      String(records),
      `bench-${run}`,
    ]);
    await consumer.line(/^ready$/m);
    const producer = startHelper('client.ts', [
      'produce',
      address,
      TOPIC,
      String(records),
      String(size),
    ]);
    const produced = JSON.parse((await producer.line(/^(\{.*\})$/m))[1]!) as {
      startedAt: number;
      endedAt: number;
    };
    const consumed = JSON.parse((await consumer.line(/^(\{.*\})$/m))[1]!) as { endedAt: number };
    // The same records again through kcat, on a topic of their own: produce, then read back.
    const kcatProduceSeconds = await runKcat(
      ['-P', '-b', address, '-t', 'kcat', '-X', 'linger.ms=5'],
      lines,
    );
    const kcatConsumeSeconds = await runKcat([
      '-C',
      '-b',
      address,
      '-t',
      'kcat',
      '-o',
      'beginning',
      '-e',
      '-q',
    ]);
    return {
      seconds: (consumed.endedAt - produced.startedAt) / 1000,
      produceSeconds: (produced.endedAt - produced.startedAt) / 1000,
      kcatProduceSeconds,
      kcatConsumeSeconds,
    } satisfies KafkaRun;
  } finally {
    await stopHelper(broker);
  }
}

/** The same bytes, in the same sends, through a relay process: the cost of moving them at all. */
async function throughTcp(records: number, size: number): Promise<number> {
  const relay = startHelper('relay.ts', []);
  try {
    const [host, port] = (await relay.line(/relay (\S+)/))[1]!.split(':') as [string, string];
    const open = () =>
      new Promise<ReturnType<typeof connect>>((resolve, reject) => {
        const socket = connect(Number(port), host, () => resolve(socket));
        socket.once('error', reject);
      });
    const writer = await open();
    const reader = await open();
    const total = records * size;
    let received = 0;
    const done = new Promise<void>((resolve) =>
      reader.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= total) resolve();
      }),
    );
    const chunk = Buffer.alloc(RECORDS_PER_SEND * size, 'x');
    const started = performance.now();
    for (let sent = 0; sent < total; sent += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      if (!writer.write(part)) await new Promise((resolve) => writer.once('drain', resolve));
    }
    await done;
    const seconds = (performance.now() - started) / 1000;
    writer.destroy();
    reader.destroy();
    return seconds;
  } finally {
    await stopHelper(relay);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '200000' },
      size: { type: 'string', default: '1024' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const records = Number(values.records);
  const size = Number(values.size);
  const runs = Number(values.runs);
  const folder = mkdtempSync(join(tmpdir(), 'bench-kafka-'));
  const lines = join(folder, 'records.txt');
  writeFileSync(lines, `${'x'.repeat(size - 1)}\n`.repeat(records));
  const kafkaRuns: KafkaRun[] = [];
  const tcpRuns: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      tcpRuns.push(await throughTcp(records, size));
      kafkaRuns.push(await throughKafka(records, size, run, lines));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const mib = (records * size) / 1024 ** 2;
  const rate = (seconds: number) => Math.round(records / seconds);
  const kafkaSeconds = median(kafkaRuns.map((run) => run.seconds));
  const tcpSeconds = median(tcpRuns);
  const result = {
    machine: benchMachine(),
    records,
    recordBytes: size,
    runs,
    kafkaRecordsPerSecond: rate(kafkaSeconds),
    kafkaMiBPerSecond: Number((mib / kafkaSeconds).toFixed(1)),
    producerRecordsPerSecond: rate(median(kafkaRuns.map((run) => run.produceSeconds))),
    kcatProduceRecordsPerSecond: rate(median(kafkaRuns.map((run) => run.kcatProduceSeconds))),
    kcatConsumeRecordsPerSecond: rate(median(kafkaRuns.map((run) => run.kcatConsumeSeconds))),
    baselineRecordsPerSecond: rate(tcpSeconds),
    baselineMiBPerSecond: Number((mib / tcpSeconds).toFixed(1)),
    ratioToBaseline: Number((tcpSeconds / kafkaSeconds).toFixed(3)),
    targetRecordsPerSecond: 50_000,
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const format = (value: number) => value.toLocaleString('en-US');
  const met = result.kafkaRecordsPerSecond >= result.targetRecordsPerSecond;
  console.log(
    `bench:kafka: ${format(records)} records of ${size} B (${mib.toFixed(0)} MiB), median of ${runs} runs, ` +
      `${result.machine.cores} cores, Node ${result.machine.node}`,
  );
  console.log(
    `  kafkajs through localcloud, produced and consumed: ${format(result.kafkaRecordsPerSecond)} records/s, ` +
      `${result.kafkaMiBPerSecond} MiB/s (target ≥ ${format(result.targetRecordsPerSecond)}: ${met ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  kafkajs producer's own rate (acks=all, consumer reading): ${format(result.producerRecordsPerSecond)} records/s`,
  );
  console.log(
    `  kcat through localcloud: produce ${format(result.kcatProduceRecordsPerSecond)} records/s, ` +
      `consume ${format(result.kcatConsumeRecordsPerSecond)} records/s`,
  );
  console.log(
    `  baseline, plain TCP relay: ${format(result.baselineRecordsPerSecond)} records/s, ${result.baselineMiBPerSecond} MiB/s`,
  );
  console.log(`  kafkajs through localcloud / baseline: ${result.ratioToBaseline}`);
}

main().catch((error: unknown) => {
  console.error(`bench:kafka: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
