/**
 * Building blocks of the report's charts: the outer `<svg>`, a plot area with a value axis and
 * gridlines, data marks that carry their value and a tooltip, and the "no data" placeholder.
 * Everything is computed here, at render time, so the page needs no script to draw.
 */
import { attributes, escapeHtml, svgNumber } from './escape';

export type ChartId =
  | 'requests-per-minute'
  | 'devices'
  | 'content-by-region'
  | 'top-products'
  | 'consumer-lag'
  | 'replication-lag'
  | 'segments'
  | 'churn-risk'
  | 'churn-confusion';

export const CHART_IDS: readonly ChartId[] = [
  'requests-per-minute',
  'devices',
  'content-by-region',
  'top-products',
  'consumer-lag',
  'replication-lag',
  'segments',
  'churn-risk',
  'churn-confusion',
];

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const SERIES_COLOURS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? SERIES_COLOURS[0];
}

export interface Plot {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export function plotArea(
  width: number,
  height: number,
  margin: { left: number; right: number; top: number; bottom: number },
): Plot {
  return {
    width,
    height,
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
  };
}

export interface Scale {
  /** The axis end, a round number at or above the data's maximum (never 0). */
  readonly max: number;
  readonly step: number;
}

/** A 1-2-5 step giving about `ticks` intervals up to at least `maximum`. */
export function niceScale(maximum: number, ticks = 5): Scale {
  const top = Number.isFinite(maximum) && maximum > 0 ? maximum : 1;
  const raw = top / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
  return { max: Math.ceil(top / step - 1e-9) * step, step };
}

export function tickValues(scale: Scale): number[] {
  const count = Math.round(scale.max / scale.step);
  return Array.from({ length: count + 1 }, (_, index) => index * scale.step);
}

/** Gridlines and labels of a vertical value axis, plus the axis title. */
export function verticalAxis(
  plot: Plot,
  scale: Scale,
  title: string,
  label: (v: number) => string,
): string {
  const y = (value: number) => plot.bottom - (value / scale.max) * (plot.bottom - plot.top);
  const ticks = tickValues(scale)
    .map(
      (value) =>
        `<line class="grid"${attributes({ x1: plot.left, x2: plot.right, y1: y(value), y2: y(value) })}/>` +
        `<text class="tick"${attributes({ x: plot.left - 6, y: y(value) + 4, 'text-anchor': 'end' })}>${escapeHtml(label(value))}</text>`,
    )
    .join('');
  const middle = (plot.top + plot.bottom) / 2;
  return (
    ticks +
    `<line class="axis"${attributes({ x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom })}/>` +
    `<text class="axis-title"${attributes({ x: 14, y: middle, transform: `rotate(-90 14 ${svgNumber(middle)})`, 'text-anchor': 'middle' })}>${escapeHtml(title)}</text>`
  );
}

/** Gridlines and labels of a horizontal value axis (for horizontal bars and time axes). */
export function horizontalAxis(
  plot: Plot,
  scale: Scale,
  title: string,
  label: (v: number) => string,
): string {
  const x = (value: number) => plot.left + (value / scale.max) * (plot.right - plot.left);
  const ticks = tickValues(scale)
    .map(
      (value) =>
        `<line class="grid"${attributes({ x1: x(value), x2: x(value), y1: plot.top, y2: plot.bottom })}/>` +
        `<text class="tick"${attributes({ x: x(value), y: plot.bottom + 16, 'text-anchor': 'middle' })}>${escapeHtml(label(value))}</text>`,
    )
    .join('');
  return (
    ticks +
    baseline(plot) +
    `<text class="axis-title"${attributes({ x: (plot.left + plot.right) / 2, y: plot.height - 6, 'text-anchor': 'middle' })}>${escapeHtml(title)}</text>`
  );
}

export function baseline(plot: Plot): string {
  return `<line class="axis"${attributes({ x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom })}/>`;
}

/** One data mark: its value in `data-value` and a `<title>` the browser shows as a tooltip. */
export function dataMark(
  tag: 'rect' | 'circle',
  shape: Readonly<Record<string, string | number | undefined>>,
  value: number,
  tooltip: string,
): string {
  return `<${tag}${attributes({ ...shape, 'data-value': value })}><title>${escapeHtml(tooltip)}</title></${tag}>`;
}

export function chartSvg(id: ChartId, label: string, plot: Plot, body: string): string {
  return (
    `<svg class="chart"${attributes({
      'data-chart': id,
      role: 'img',
      'aria-label': label,
      viewBox: `0 0 ${plot.width} ${plot.height}`,
      width: plot.width,
      height: plot.height,
    })}>` + `<title>${escapeHtml(label)}</title>${body}</svg>`
  );
}

/** The chart's frame with "no data" in it: an empty run renders, it does not throw. */
export function noDataSvg(id: ChartId, label: string, width = 640, height = 160): string {
  const plot = plotArea(width, height, { left: 0, right: 0, top: 0, bottom: 0 });
  return chartSvg(
    id,
    `${label}: no data`,
    plot,
    `<rect class="empty"${attributes({ x: 1, y: 1, width: width - 2, height: height - 2 })}/>` +
      `<text class="no-data"${attributes({ x: width / 2, y: height / 2 + 6, 'text-anchor': 'middle' })}>no data</text>`,
  );
}
