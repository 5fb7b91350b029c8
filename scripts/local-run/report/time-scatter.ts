/**
 * A scatter of values over the run's seconds, one data mark per point, with an optional dashed
 * reference line: the shape of the report's lag charts (replication lag per object, the streaming
 * jobs' records behind).
 */
import { attributes, escapeHtml } from './escape';
import { count, decimal } from './format';
import {
  chartSvg,
  dataMark,
  horizontalAxis,
  niceScale,
  noDataSvg,
  plotArea,
  verticalAxis,
  type ChartId,
} from './svg';

export interface TimePoint {
  readonly atSeconds: number;
  readonly value: number;
  readonly tooltip: string;
}

export interface TimeScatter {
  readonly id: ChartId;
  /** What the chart shows (also its "no data" label). */
  readonly title: string;
  /** The accessible label of a chart with data. */
  readonly label: string;
  readonly height: number;
  readonly valueAxis: { readonly title: string; readonly format: (value: number) => string };
  readonly timeAxisTitle: string;
  readonly reference?: { readonly value: number; readonly text: string };
}

export function timeScatterChart(all: readonly TimePoint[], chart: TimeScatter): string {
  const points = all.filter(
    (point) => Number.isFinite(point.atSeconds) && Number.isFinite(point.value),
  );
  if (points.length === 0) return noDataSvg(chart.id, chart.title);

  const plot = plotArea(1200, chart.height, { left: 72, right: 16, top: 16, bottom: 44 });
  const xScale = niceScale(Math.max(...points.map((point) => point.atSeconds)));
  const yScale = niceScale(Math.max(...points.map((point) => point.value)) * 1.05);
  const x = (value: number) =>
    plot.left + (Math.max(0, value) / xScale.max) * (plot.right - plot.left);
  const y = (value: number) =>
    plot.bottom - (Math.max(0, value) / yScale.max) * (plot.bottom - plot.top);

  const marks = points
    .map((point) =>
      dataMark(
        'circle',
        { class: 'point', cx: x(point.atSeconds), cy: y(point.value), r: 3 },
        point.value,
        point.tooltip,
      ),
    )
    .join('');
  const { reference } = chart;
  const line =
    reference && Number.isFinite(reference.value) && reference.value <= yScale.max
      ? `<line class="reference"${attributes({ x1: plot.left, x2: plot.right, y1: y(reference.value), y2: y(reference.value), 'stroke-dasharray': '4 4' })}/>` +
        `<text class="reference-label"${attributes({ x: plot.right - 4, y: y(reference.value) - 6, 'text-anchor': 'end' })}>${escapeHtml(reference.text)}</text>`
      : '';
  return chartSvg(
    chart.id,
    chart.label,
    plot,
    verticalAxis(plot, yScale, chart.valueAxis.title, chart.valueAxis.format) +
      horizontalAxis(plot, xScale, chart.timeAxisTitle, (value) =>
        Number.isInteger(value) ? `${count(value)} s` : `${decimal(value)} s`,
      ) +
      line +
      marks,
  );
}
