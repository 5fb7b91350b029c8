/** Replication lag of every mirrored object, in completion order, with the p95 for reference. */
import type { MirrorFigures } from './figures';
import { count, decimal, milliseconds } from './format';
import { timeScatterChart } from './time-scatter';

const TITLE = 'S3 → ADLS replication lag per object';

export function replicationLagChart(mirror: MirrorFigures): string {
  const p95 = mirror.lagMs.p95;
  return timeScatterChart(
    mirror.lagSeries.map((point, index) => ({
      atSeconds: point.atSeconds,
      value: point.lagMs,
      tooltip: `object ${count(index + 1)} mirrored at ${decimal(point.atSeconds)} s: lag ${milliseconds(point.lagMs)}`,
    })),
    {
      id: 'replication-lag',
      title: TITLE,
      label:
        `${TITLE}: ${count(mirror.lagSeries.length)} objects, p50 ${milliseconds(mirror.lagMs.p50)}, ` +
        `p95 ${milliseconds(p95)}, max ${milliseconds(mirror.lagMs.max)}`,
      height: 300,
      valueAxis: { title: 'lag', format: milliseconds },
      timeAxisTitle: 'seconds since the run started',
      reference: { value: p95, text: `p95 ${milliseconds(p95)}` },
    },
  );
}
