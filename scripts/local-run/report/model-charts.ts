/**
 * Charts of the customer models, drawn from their queries' rows (query-columns.ts): the segments
 * as bubbles at their centroid (recency across, value up, area by size), the active customers by
 * churn risk band, and the churn model's confusion matrix on its held-out customers.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { attributes, escapeHtml } from './escape';
import { cellText, count, decimal, numericValue } from './format';
import { CHURN_QUALITY_QUERY, RISK_BANDS_QUERY, SEGMENTS_QUERY } from './query-columns';
import {
  baseline,
  chartSvg,
  dataMark,
  horizontalAxis,
  niceScale,
  noDataSvg,
  plotArea,
  seriesColour,
  verticalAxis,
} from './svg';

/** A column's number with one decimal, for tooltips. */
function oneDecimal(row: Row, column: string): string {
  return decimal(numericValue(row[column]) ?? Number.NaN);
}

const SEGMENTS_TITLE = 'Customer segments at their centroid (bubble area: customers)';
const MAX_RADIUS = 40;

export function segmentsChart(rows: readonly Row[]): string {
  const { segment, customers, recency, value, tenure, orders, basket } = SEGMENTS_QUERY;
  const data = rows.flatMap((row) => {
    const size = numericValue(row[customers]);
    const x = numericValue(row[recency]);
    const y = numericValue(row[value]);
    return size === undefined || x === undefined || y === undefined ? [] : [{ row, size, x, y }];
  });
  if (data.length === 0) return noDataSvg('segments', SEGMENTS_TITLE);

  const plot = plotArea(640, 340, { left: 72, right: 24, top: 24, bottom: 48 });
  const xScale = niceScale(Math.max(...data.map((datum) => datum.x)) * 1.1);
  const yScale = { max: 1, step: 0.2 };
  const largest = Math.max(...data.map((datum) => datum.size));
  const px = (days: number) => plot.left + (days / xScale.max) * (plot.right - plot.left);
  const py = (share: number) => plot.bottom - share * (plot.bottom - plot.top);
  const percent = (share: number) => `${Math.round(share * 100)} %`;

  const bubbles = data
    .map(({ row, size, x, y }, index) => {
      const name = cellText(row[segment]);
      const radius = Math.max(4, MAX_RADIUS * Math.sqrt(size / largest));
      return (
        dataMark(
          'circle',
          {
            class: 'bubble',
            cx: px(x),
            cy: py(y),
            r: radius,
            fill: seriesColour(index),
            'fill-opacity': 0.6,
          },
          size,
          `${name}: ${count(size)} customers · last order ${oneDecimal(row, recency)} days ago · ` +
            `customer for ${oneDecimal(row, tenure)} days · ${oneDecimal(row, orders)} orders in 90 days · ` +
            `basket percentile ${percent(numericValue(row[basket]) ?? Number.NaN)} · value percentile ${percent(y)}`,
        ) +
        `<text class="value-label"${attributes({ x: px(x), y: py(y) + 4, 'text-anchor': 'middle' })}>${escapeHtml(name)}</text>`
      );
    })
    .join('');

  return chartSvg(
    'segments',
    `${SEGMENTS_TITLE}: ${data.map(({ row, size }) => `${cellText(row[segment])} ${count(size)}`).join(', ')}`,
    plot,
    verticalAxis(plot, yScale, 'value (spend percentile)', percent) +
      horizontalAxis(plot, xScale, 'days since the last order (mean)', count) +
      bubbles +
      baseline(plot),
  );
}

const RISK_TITLE = 'Active customers by churn risk';

export function churnRiskChart(rows: readonly Row[]): string {
  const { from, to, customers, value } = RISK_BANDS_QUERY;
  const data = rows.flatMap((row) => {
    const low = numericValue(row[from]);
    const high = numericValue(row[to]);
    const amount = numericValue(row[customers]);
    return low === undefined || high === undefined || amount === undefined
      ? []
      : [{ row, low, high, amount }];
  });
  if (data.length === 0) return noDataSvg('churn-risk', RISK_TITLE);

  const plot = plotArea(640, 300, { left: 72, right: 16, top: 24, bottom: 48 });
  const scale = niceScale(Math.max(...data.map((datum) => datum.amount)) * 1.05);
  const x = (risk: number) => plot.left + risk * (plot.right - plot.left);
  const y = (amount: number) => plot.bottom - (amount / scale.max) * (plot.bottom - plot.top);
  const bars = data
    .map(({ row, low, high, amount }) => {
      const band = `${Math.round(low * 100)}–${Math.round(high * 100)} %`;
      return dataMark(
        'rect',
        {
          class: 'bar',
          x: x(low) + 1,
          y: y(amount),
          width: x(high) - x(low) - 2,
          height: plot.bottom - y(amount),
          // Warmer where the model sees the customer leaving.
          fill: low >= 0.5 ? seriesColour(5) : seriesColour(0),
        },
        amount,
        `risk ${band}: ${count(amount)} customers, mean value percentile ${Math.round((numericValue(row[value]) ?? Number.NaN) * 100)} %`,
      );
    })
    .join('');

  return chartSvg(
    'churn-risk',
    `${RISK_TITLE}: ${count(data.reduce((sum, datum) => sum + datum.amount, 0))} customers in ${count(data.length)} bands`,
    plot,
    verticalAxis(plot, scale, 'customers', count) +
      horizontalAxis(
        plot,
        { max: 1, step: 0.1 },
        'churn risk',
        (risk) => `${Math.round(risk * 100)} %`,
      ) +
      bars +
      baseline(plot),
  );
}

const CONFUSION_TITLE = 'Churn model on its held-out customers: confusion matrix';
const CELL = 120;

export function churnConfusionChart(rows: readonly Row[]): string {
  const { auc, truePositives, falsePositives, trueNegatives, falseNegatives } = CHURN_QUALITY_QUERY;
  const row = rows[0];
  const cells =
    row === undefined
      ? []
      : (
          [
            ['churned', 'predicted to churn', truePositives, 0, 0],
            ['churned', 'predicted to stay', falseNegatives, 1, 0],
            ['stayed', 'predicted to churn', falsePositives, 0, 1],
            ['stayed', 'predicted to stay', trueNegatives, 1, 1],
          ] as const
        ).flatMap(([actual, predicted, column, across, down]) => {
          const amount = numericValue(row[column]);
          return amount === undefined ? [] : [{ actual, predicted, amount, across, down }];
        });
  if (row === undefined || cells.length < 4) return noDataSvg('churn-confusion', CONFUSION_TITLE);

  const plot = plotArea(2 * CELL + 160, 2 * CELL + 80, {
    left: 120,
    right: 40,
    top: 40,
    bottom: 40,
  });
  const largest = Math.max(...cells.map((cell) => cell.amount), 1);
  const marks = cells
    .map(({ actual, predicted, amount, across, down }) => {
      const x = plot.left + across * CELL;
      const y = plot.top + down * CELL;
      const correct = across === down;
      return (
        dataMark(
          'rect',
          {
            class: 'cell',
            x: x + 2,
            y: y + 2,
            width: CELL - 4,
            height: CELL - 4,
            fill: correct ? seriesColour(2) : seriesColour(5),
            'fill-opacity': 0.15 + 0.85 * (amount / largest),
          },
          amount,
          `${actual}, ${predicted}: ${count(amount)} customers`,
        ) +
        `<text class="value-label"${attributes({ x: x + CELL / 2, y: y + CELL / 2 + 5, 'text-anchor': 'middle' })}>${escapeHtml(count(amount))}</text>`
      );
    })
    .join('');
  const labels =
    ['predicted to churn', 'predicted to stay']
      .map(
        (text, index) =>
          `<text class="tick"${attributes({ x: plot.left + index * CELL + CELL / 2, y: plot.top - 10, 'text-anchor': 'middle' })}>${escapeHtml(text)}</text>`,
      )
      .join('') +
    ['churned', 'stayed']
      .map(
        (text, index) =>
          `<text class="tick"${attributes({ x: plot.left - 10, y: plot.top + index * CELL + CELL / 2 + 4, 'text-anchor': 'end' })}>${escapeHtml(text)}</text>`,
      )
      .join('');
  const area = numericValue(row[auc]);
  return chartSvg(
    'churn-confusion',
    `${CONFUSION_TITLE}${area === undefined ? '' : `, AUC ${area.toFixed(3)}`}`,
    plot,
    labels + marks,
  );
}
