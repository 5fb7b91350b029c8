/** Replication lag of every mirrored object, in completion order, with the p95 for reference. */
import type { MirrorFigures } from './figures';
import { attributes, escapeHtml } from './escape';
import { count, decimal, milliseconds } from './format';
import {
  chartSvg,
  dataMark,
  horizontalAxis,
  niceScale,
  noDataSvg,
  plotArea,
  verticalAxis,
} from './svg';

const TITLE = 'S3 → ADLS replication lag per object';

export function replicationLagChart(mirror: MirrorFigures): string {
  const points = mirror.lagSeries.filter(
    (point) => Number.isFinite(point.atSeconds) && Number.isFinite(point.lagMs),
  );
  if (points.length === 0) return noDataSvg('replication-lag', TITLE);

  const plot = plotArea(1200, 300, { left: 72, right: 16, top: 16, bottom: 44 });
  const xScale = niceScale(Math.max(...points.map((point) => point.atSeconds)));
  const yScale = niceScale(Math.max(...points.map((point) => point.lagMs)) * 1.05);
  const x = (value: number) =>
    plot.left + (Math.max(0, value) / xScale.max) * (plot.right - plot.left);
  const y = (value: number) =>
    plot.bottom - (Math.max(0, value) / yScale.max) * (plot.bottom - plot.top);

  const marks = points
    .map((point, index) =>
      dataMark(
        'circle',
        { class: 'point', cx: x(point.atSeconds), cy: y(point.lagMs), r: 3 },
        point.lagMs,
        `object ${count(index + 1)} mirrored at ${decimal(point.atSeconds)} s: lag ${milliseconds(point.lagMs)}`,
      ),
    )
    .join('');

  const p95 = mirror.lagMs.p95;
  const reference =
    Number.isFinite(p95) && p95 <= yScale.max
      ? `<line class="reference"${attributes({ x1: plot.left, x2: plot.right, y1: y(p95), y2: y(p95), 'stroke-dasharray': '4 4' })}/>` +
        `<text class="reference-label"${attributes({ x: plot.right - 4, y: y(p95) - 6, 'text-anchor': 'end' })}>${escapeHtml(`p95 ${milliseconds(p95)}`)}</text>`
      : '';

  const label =
    `${TITLE}: ${count(points.length)} objects, p50 ${milliseconds(mirror.lagMs.p50)}, ` +
    `p95 ${milliseconds(p95)}, max ${milliseconds(mirror.lagMs.max)}`;
  return chartSvg(
    'replication-lag',
    label,
    plot,
    verticalAxis(plot, yScale, 'lag', milliseconds) +
      horizontalAxis(plot, xScale, 'seconds since the run started', (value) =>
        Number.isInteger(value) ? `${count(value)} s` : `${decimal(value)} s`,
      ) +
      reference +
      marks,
  );
}
