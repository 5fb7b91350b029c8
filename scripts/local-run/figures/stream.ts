/**
 * The stream's figures, gathered while it runs: each micro-batch the jobs report (records,
 * rejections, per-record latency) and the jobs' lag, sampled from the broker.
 */
import type { BatchReport } from '../../local-platform/streaming';
import type { StreamFigures } from '../report/figures';
import type { StreamedDay } from '../stream-day';
import { percentile } from './invocations';

export class StreamFigureCollector {
  private readonly written = new Map<string, { records: number; rejected: number }>();
  private readonly latencies: number[] = [];
  private readonly lagSeries: { atSeconds: number; records: number }[] = [];
  private batches = 0;
  private replayedBatches = 0;
  private restarts = 0;

  constructor(private readonly startedAt: number = performance.now()) {}

  /** Batches already counted: one written again after a restart is counted once. */
  private readonly counted = new Set<string>();

  readonly onBatch = (report: BatchReport): void => {
    if (report.replayed) this.replayedBatches += 1;
    const key = `${report.topic}|${report.identity}`;
    if (this.counted.has(key)) return;
    this.counted.add(key);
    const topic = this.written.get(report.topic) ?? { records: 0, rejected: 0 };
    topic.records += report.records;
    topic.rejected += report.rejected;
    this.written.set(report.topic, topic);
    for (const latency of report.latenciesMs) this.latencies.push(latency);
    this.batches += 1;
  };

  /** The jobs' process was killed and started again. */
  restarted(): void {
    this.restarts += 1;
  }

  sampleLag(lag: ReadonlyMap<string, number>): void {
    const records = [...lag.values()].reduce((sum, behind) => sum + behind, 0);
    const atSeconds = Math.round((performance.now() - this.startedAt) / 10) / 100;
    this.lagSeries.push({ atSeconds, records });
  }

  figures(streamed: StreamedDay, drainedSeconds: number): StreamFigures {
    const latencies = [...this.latencies].sort((a, b) => a - b);
    return {
      streamSeconds: streamed.seconds,
      drainedSeconds,
      topics: streamed.topics.map((topic) => {
        const written = this.written.get(topic.topic) ?? { records: 0, rejected: 0 };
        return {
          topic: topic.topic,
          dataset: topic.dataset,
          produced: topic.produced,
          written: written.records - written.rejected,
          rejected: written.rejected,
          malformed: topic.malformed,
        };
      }),
      latencyMs: {
        p50: Math.round(percentile(latencies, 0.5)),
        p95: Math.round(percentile(latencies, 0.95)),
        max: Math.round(latencies.at(-1) ?? 0),
      },
      lagSeries: this.lagSeries,
      batches: this.batches,
      replayedBatches: this.replayedBatches,
      restarts: this.restarts,
    };
  }
}
