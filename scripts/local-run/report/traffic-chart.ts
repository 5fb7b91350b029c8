/** Web requests per minute (over the day, or the last half hour live), with the bot ceiling and the minutes the query flagged. */
import type { AnalyticsFigures } from './figures';
import { attributes, escapeHtml } from './escape';
import { clockTime, count, minuteEpoch } from './format';
import { baseline, chartSvg, dataMark, niceScale, noDataSvg, plotArea, verticalAxis } from './svg';

const TITLE = 'Web requests per minute (UTC)';
const X_LABELS = 8;

/** What the chart needs: the warehouse's answers in the report, the monitor's windows live. */
export type RequestsPerMinute = Pick<
  AnalyticsFigures,
  'requestsPerMinute' | 'suspectedBotMinutes' | 'botThreshold'
>;

export function requestsPerMinuteChart(analytics: RequestsPerMinute): string {
  const points = analytics.requestsPerMinute;
  if (points.length === 0) return noDataSvg('requests-per-minute', TITLE);

  const plot = plotArea(1200, 320, { left: 64, right: 16, top: 28, bottom: 44 });
  const flagged = new Set(analytics.suspectedBotMinutes.map(minuteEpoch));
  const isFlagged = (minute: string) => flagged.has(minuteEpoch(minute));
  const peak = Math.max(0, ...points.map((point) => point.requests));
  const threshold = analytics.botThreshold;
  const scale = niceScale(Math.max(peak, Number.isFinite(threshold) ? threshold : 0) * 1.05);
  const band = (plot.right - plot.left) / points.length;
  const y = (value: number) =>
    plot.bottom - (Math.max(0, value) / scale.max) * (plot.bottom - plot.top);

  const bars = points
    .map((point, index) => {
      const flaggedMinute = isFlagged(point.minute);
      return dataMark(
        'rect',
        {
          class: flaggedMinute ? 'bar flagged' : 'bar',
          x: plot.left + index * band,
          y: y(point.requests),
          width: Math.max(band * 0.9, 0.5),
          height: plot.bottom - y(point.requests),
        },
        point.requests,
        `${clockTime(point.minute)} UTC: ${count(point.requests)} requests` +
          (flaggedMinute ? ' (suspected bot)' : ''),
      );
    })
    .join('');

  const markers = points
    .map((point, index) => ({ point, x: plot.left + (index + 0.5) * band }))
    .filter(({ point }) => isFlagged(point.minute))
    .map(
      ({ x }) =>
        `<path class="flag-marker"${attributes({ d: `M${x - 4} ${plot.top - 10} h8 l-4 7 z` })}/>`,
    )
    .join('');

  const labelEvery = Math.max(1, Math.round(points.length / X_LABELS));
  const xLabels = points
    .map((point, index) => ({ point, index }))
    .filter(({ index }) => index % labelEvery === 0)
    .map(
      ({ point, index }) =>
        `<text class="tick"${attributes({ x: plot.left + index * band, y: plot.bottom + 16, 'text-anchor': 'middle' })}>${escapeHtml(clockTime(point.minute))}</text>`,
    )
    .join('');

  const thresholdLine = Number.isFinite(threshold)
    ? `<line class="threshold"${attributes({
        'data-threshold': threshold,
        x1: plot.left,
        x2: plot.right,
        y1: y(threshold),
        y2: y(threshold),
        'stroke-dasharray': '6 4',
      })}><title>${escapeHtml(`bot ceiling: ${count(threshold)} requests per minute`)}</title></line>` +
      `<text class="threshold-label"${attributes({ x: plot.right - 4, y: y(threshold) - 6, 'text-anchor': 'end' })}>${escapeHtml(`bot ceiling ${count(threshold)}/min`)}</text>`
    : '';

  const label =
    `${TITLE}: ${count(points.length)} minutes, peak ${count(peak)} requests, ` +
    `bot ceiling ${count(threshold)}, ${count(analytics.suspectedBotMinutes.length)} minutes flagged`;
  return chartSvg(
    'requests-per-minute',
    label,
    plot,
    verticalAxis(plot, scale, 'requests / minute', count) +
      bars +
      baseline(plot) +
      xLabels +
      thresholdLine +
      markers,
  );
}
