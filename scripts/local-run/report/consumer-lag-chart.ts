/** The streaming jobs' lag through the stream: records produced and not yet in the raw zone. */
import type { StreamFigures } from './figures';
import { count, decimal } from './format';
import { timeScatterChart } from './time-scatter';

const TITLE = 'Streaming jobs: records behind the topics';

export function consumerLagChart(stream: StreamFigures): string {
  const peak = Math.max(0, ...stream.lagSeries.map((point) => point.records));
  return timeScatterChart(
    stream.lagSeries.map((point) => ({
      atSeconds: point.atSeconds,
      value: point.records,
      tooltip: `${decimal(point.atSeconds)} s into the stream: ${count(point.records)} records behind`,
    })),
    {
      id: 'consumer-lag',
      title: TITLE,
      label: `${TITLE}: ${count(stream.lagSeries.length)} samples, at most ${count(peak)} records behind`,
      height: 260,
      valueAxis: { title: 'records behind', format: count },
      timeAxisTitle: 'seconds since the stream started',
    },
  );
}
