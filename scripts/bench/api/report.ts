/** What `npm run bench:api` prints: the figures, the baselines' ratios and the targets. */
import type { BenchMachine } from '../machine';
import type { ApiBenchOptions } from './args';
import type { ProducerBaseline, StoredRecord } from './kafka';
import { NO_ANSWER, type Delivery } from './ledger';
import type { PhaseResult } from './load';

export const TARGETS = { recordsPerSecond: 1_000, p99Ms: 50, lost: 0, duplicated: 0 } as const;

export interface MeasuredPhase extends PhaseResult {
  /** Requests autocannon left unfinished, sent again after the phase until accepted. */
  readonly drained: number;
  /** Records refused for good (any 4xx but 409 and 429): none is expected. */
  readonly refused: number;
  /** Records answered at least once with a 5xx, 409 or 429 (and so sent again). */
  readonly retried: number;
  /** CPU per answered request, ms: the load process, the platform process, the containers. */
  readonly cpuMsPerRequest: {
    readonly load: number;
    readonly platform: number;
    readonly containers: number;
  };
}

export interface ApiBenchReport {
  readonly machine: BenchMachine;
  /** The machine's 1-minute load average at the start and at the end: other work shares the cores. */
  readonly loadAverage: readonly [number, number];
  readonly options: ApiBenchOptions;
  readonly api: MeasuredPhase;
  readonly baseline: MeasuredPhase;
  readonly producer: ProducerBaseline & {
    /** The platform process's CPU per record sent: localcloud's broker alone. */
    readonly platformMsPerRecord: number;
  };
  readonly faults: MeasuredPhase & {
    readonly struck: { readonly before: number; readonly after: number };
    readonly episodes: readonly string[];
  };
  readonly delivery: Delivery;
  /** Every API record's answers, in order, by record id. */
  readonly answers: ReadonlyMap<string, readonly number[]>;
  /** Where each record read back is stored. */
  readonly stored: readonly StoredRecord[];
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/**
 * What the machine's cores would serve if the run had them to itself: the cores over the CPU one
 * request took in every process of the run. Other work on a shared machine moves the measured
 * rate a lot more than this.
 */
export function cpuCeiling(phase: MeasuredPhase, cores: number): number {
  const { load, platform, containers } = phase.cpuMsPerRequest;
  return (cores * 1000) / (load + platform + containers);
}

function phaseLine(name: string, phase: MeasuredPhase, cores: number): string {
  const statuses = Object.entries(phase.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  const cpu = phase.cpuMsPerRequest;
  return [
    `  ${name}: ${number(phase.acceptedPerSecond)} accepted records/s over ${phase.seconds} s`,
    `    latency p50 ${phase.latencyMs.p50} ms, p90 ${phase.latencyMs.p90} ms, p99 ${phase.latencyMs.p99} ms, max ${phase.latencyMs.max} ms`,
    `    non-2xx: ${statuses === '' ? 'none' : statuses}; connection errors ${phase.connectionErrors}, timeouts ${phase.timeouts}, ` +
      `answers naming another record ${phase.mismatched}; records answered 5xx/409/429 and retried ${phase.retried}, finished after the phase ${phase.drained}, refused ${phase.refused}`,
    `    CPU per request: platform process ${number(cpu.platform, 3)} ms, containers ${number(cpu.containers, 3)} ms, load generator ${number(cpu.load, 3)} ms; ` +
      `the ${cores} cores' ceiling at that cost ${number(cpuCeiling(phase, cores))} requests/s`,
  ].join('\n');
}

/** Each duplicated record with the answers its requests got and its copies' places. */
function duplicates(report: ApiBenchReport): string[] {
  return [...report.delivery.duplicated].map(([id, copies]) => {
    const answers = (report.answers.get(id) ?? []).map((status) =>
      status === NO_ANSWER ? 'none (the phase ended)' : String(status),
    );
    const places = report.stored
      .filter((record) => record.id === id)
      .map((record) => `${record.partition}@${record.offset}`);
    return `    ${id}: ${copies} copies (partition@offset ${places.join(', ')}); answers ${answers.join(', ')}`;
  });
}

export function targetsMet(report: ApiBenchReport) {
  return {
    throughput: report.api.acceptedPerSecond >= TARGETS.recordsPerSecond,
    p99: report.api.latencyMs.p99 <= TARGETS.p99Ms,
    lost: report.delivery.lost.length === TARGETS.lost,
    duplicated: report.delivery.duplicated.size === TARGETS.duplicated,
  };
}

export function printReport(report: ApiBenchReport, json: boolean): void {
  const { api, baseline, producer, faults, delivery, machine, options } = report;
  const met = targetsMet(report);
  if (json) {
    console.log(
      JSON.stringify(
        {
          ...report,
          answers: undefined,
          stored: undefined,
          delivery: {
            ...delivery,
            duplicated: Object.fromEntries(delivery.duplicated),
          },
          ratioToTrivialFunction: api.acceptedPerSecond / baseline.acceptedPerSecond,
          ratioToProducer: api.acceptedPerSecond / producer.recordsPerSecond,
          targets: TARGETS,
          met,
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    `bench:api: ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `${options.connections} connections, ${options.containers ?? 2} containers of the function, ` +
      `warm-up ${options.warmupSeconds} s; load average ${report.loadAverage.map((load) => load.toFixed(1)).join(' → ')}`,
  );
  console.log(
    phaseLine('marketplace API, POST /api/v1/transactions (one record each)', api, machine.cores),
  );
  console.log(
    phaseLine('baseline: the same requests to a trivial function', baseline, machine.cores),
  );
  console.log(
    `  baseline: the function's producer alone, ${producer.producers} idempotent producers, one record per send: ` +
      `${number(producer.recordsPerSecond)} records/s, send p50 ${number(producer.sendMs.p50, 2)} ms, p99 ${number(producer.sendMs.p99, 2)} ms; ` +
      `broker CPU ${number(producer.platformMsPerRecord, 3)} ms per record`,
  );
  console.log(
    `  API / trivial function: ${number(api.acceptedPerSecond / baseline.acceptedPerSecond, 2)}; ` +
      `API / producer alone: ${number(api.acceptedPerSecond / producer.recordsPerSecond, 2)}`,
  );
  console.log(
    phaseLine(
      'fault phase (Kafka faults injected mid-run, 5xx/409/429 retried with the same key)',
      faults,
      machine.cores,
    ),
  );
  for (const episode of faults.episodes) console.log(`    - ${episode}`);
  console.log(
    `    Produce requests struck: ${faults.struck.before} before the append, ${faults.struck.after} after`,
  );
  console.log(
    `  read back from Kafka (purchases): ${number(delivery.stored)} records for ${number(delivery.acknowledged)} acknowledged; ` +
      `lost ${delivery.lost.length}, duplicated ${delivery.duplicated.size}, stored but never acknowledged ${delivery.unacknowledged.length}`,
  );
  for (const line of duplicates(report)) console.log(line);
  console.log(
    `  targets: ≥ ${number(TARGETS.recordsPerSecond)} records/s ${verdict(met.throughput)}, ` +
      `p99 ≤ ${TARGETS.p99Ms} ms ${verdict(met.p99)}, 0 lost ${verdict(met.lost)}, 0 duplicated ${verdict(met.duplicated)}`,
  );
}
