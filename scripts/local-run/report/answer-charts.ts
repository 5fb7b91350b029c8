/**
 * Charts of three business answers, drawn from the query rows by their SELECT aliases
 * (query-columns.ts): accesses per device, content types per country, best-selling products.
 * A row whose value is not a number is left out rather than drawn as zero.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { attributes, escapeHtml } from './escape';
import { cellText, count, numericValue } from './format';
import { CONTENT_BY_REGION_QUERY, DEVICES_QUERY, TOP_PRODUCTS_QUERY } from './query-columns';
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
import { truncate } from './text-table';

interface Datum {
  readonly row: Row;
  readonly value: number;
}

function withValues(rows: readonly Row[], column: string): Datum[] {
  return rows.flatMap((row) => {
    const value = numericValue(row[column]);
    return value === undefined ? [] : [{ row, value }];
  });
}

function text(row: Row, column: string): string {
  return cellText(row[column]);
}

const DEVICES_TITLE = 'Access events per device';

export function devicesChart(rows: readonly Row[]): string {
  const { label, value, share } = DEVICES_QUERY;
  const data = withValues(rows, value);
  if (data.length === 0) return noDataSvg('devices', DEVICES_TITLE);

  const plot = plotArea(640, 300, { left: 72, right: 16, top: 24, bottom: 48 });
  const scale = niceScale(Math.max(...data.map((datum) => datum.value)) * 1.05);
  const band = (plot.right - plot.left) / data.length;
  const y = (amount: number) =>
    plot.bottom - (Math.max(0, amount) / scale.max) * (plot.bottom - plot.top);
  const labelWidth = Math.max(4, Math.floor(band / 7));

  const bars = data
    .map(({ row, value: amount }, index) => {
      const x = plot.left + index * band;
      const shareText = row[share] === undefined ? '' : ` (${text(row, share)} %)`;
      return (
        dataMark(
          'rect',
          {
            class: 'bar',
            x: x + band * 0.15,
            y: y(amount),
            width: band * 0.7,
            height: plot.bottom - y(amount),
            fill: seriesColour(0),
          },
          amount,
          `${text(row, label)}: ${count(amount)} accesses${shareText}`,
        ) +
        `<text class="value-label"${attributes({ x: x + band / 2, y: y(amount) - 4, 'text-anchor': 'middle' })}>${escapeHtml(count(amount))}</text>` +
        `<text class="tick"${attributes({ x: x + band / 2, y: plot.bottom + 16, 'text-anchor': 'middle' })}>${escapeHtml(truncate(text(row, label), labelWidth))}</text>`
      );
    })
    .join('');

  return chartSvg(
    'devices',
    `${DEVICES_TITLE}: ${data.map(({ row, value: amount }) => `${text(row, label)} ${count(amount)}`).join(', ')}`,
    plot,
    verticalAxis(plot, scale, 'accesses', count) + bars + baseline(plot),
  );
}

const REGION_TITLE = 'Content types per country (access events, stacked)';

export function contentByRegionChart(rows: readonly Row[]): string {
  const { group, series, value } = CONTENT_BY_REGION_QUERY;
  const data = withValues(rows, value);
  if (data.length === 0) return noDataSvg('content-by-region', REGION_TITLE);

  const groups = [...new Set(data.map(({ row }) => text(row, group)))];
  const totals = new Map<string, number>();
  for (const { row, value: amount } of data)
    totals.set(text(row, series), (totals.get(text(row, series)) ?? 0) + amount);
  const seriesNames = [...totals.keys()].sort(
    (a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b),
  );
  const colourOf = (name: string) => seriesColour(seriesNames.indexOf(name));
  const groupTotal = (name: string) =>
    data.filter(({ row }) => text(row, group) === name).reduce((sum, d) => sum + d.value, 0);

  const plot = plotArea(Math.max(640, 96 + groups.length * 40), 340, {
    left: 72,
    right: 16,
    top: 24 + 18 * Math.ceil(seriesNames.length / 5),
    bottom: 48,
  });
  const scale = niceScale(Math.max(...groups.map(groupTotal)) * 1.05);
  const band = (plot.right - plot.left) / groups.length;
  const height = (amount: number) => (Math.max(0, amount) / scale.max) * (plot.bottom - plot.top);

  const stacks = groups
    .map((name, index) => {
      const x = plot.left + index * band;
      let top = plot.bottom;
      const segments = data
        .filter(({ row }) => text(row, group) === name)
        .sort(
          (a, b) =>
            seriesNames.indexOf(text(a.row, series)) - seriesNames.indexOf(text(b.row, series)),
        )
        .map(({ row, value: amount }) => {
          top -= height(amount);
          return dataMark(
            'rect',
            {
              class: 'bar',
              x: x + band * 0.15,
              y: top,
              width: band * 0.7,
              height: height(amount),
              fill: colourOf(text(row, series)),
            },
            amount,
            `${name} · ${text(row, series)}: ${count(amount)} accesses`,
          );
        })
        .join('');
      return (
        segments +
        `<text class="tick"${attributes({ x: x + band / 2, y: plot.bottom + 16, 'text-anchor': 'middle' })}>${escapeHtml(truncate(name, Math.max(3, Math.floor(band / 7))))}</text>`
      );
    })
    .join('');

  return chartSvg(
    'content-by-region',
    `${REGION_TITLE}: ${count(groups.length)} countries, ${count(seriesNames.length)} content types`,
    plot,
    legend(seriesNames, plot.left, 16) +
      verticalAxis(plot, scale, 'accesses', count) +
      stacks +
      baseline(plot),
  );
}

/** Colour swatches with names, five to a line, from (`left`, `top`). */
function legend(names: readonly string[], left: number, top: number): string {
  return names
    .map((name, index) => {
      const x = left + (index % 5) * 120;
      const y = top + Math.floor(index / 5) * 18;
      return (
        `<rect class="swatch"${attributes({ x, y: y - 9, width: 10, height: 10, fill: seriesColour(index) })}/>` +
        `<text class="legend"${attributes({ x: x + 14, y })}>${escapeHtml(truncate(name, 14))}</text>`
      );
    })
    .join('');
}

const PRODUCTS_TITLE = 'Best-selling products (units, per currency)';
const ROW_HEIGHT = 22;

export function topProductsChart(rows: readonly Row[]): string {
  const { product, category, currency, value, revenue } = TOP_PRODUCTS_QUERY;
  const data = withValues(rows, value);
  if (data.length === 0) return noDataSvg('top-products', PRODUCTS_TITLE);

  const currencies = [...new Set(data.map(({ row }) => text(row, currency)))];
  const plot = plotArea(800, 24 + data.length * ROW_HEIGHT + 44, {
    left: 200,
    right: 56,
    top: 24,
    bottom: 44,
  });
  const scale = niceScale(Math.max(...data.map((datum) => datum.value)) * 1.05);
  const width = (amount: number) => (Math.max(0, amount) / scale.max) * (plot.right - plot.left);

  const bars = data
    .map(({ row, value: amount }, index) => {
      const y = plot.top + index * ROW_HEIGHT;
      const name = `${text(row, product)} · ${text(row, currency)}`;
      return (
        dataMark(
          'rect',
          {
            class: 'bar',
            x: plot.left,
            y: y + 3,
            width: width(amount),
            height: ROW_HEIGHT - 6,
            fill: seriesColour(currencies.indexOf(text(row, currency))),
          },
          amount,
          `${name} (${text(row, category)}): ${count(amount)} units, revenue ${text(row, revenue)} ${text(row, currency)}`,
        ) +
        `<text class="tick"${attributes({ x: plot.left - 6, y: y + ROW_HEIGHT / 2 + 4, 'text-anchor': 'end' })}>${escapeHtml(truncate(name, 26))}</text>` +
        `<text class="value-label"${attributes({ x: plot.left + width(amount) + 4, y: y + ROW_HEIGHT / 2 + 4 })}>${escapeHtml(count(amount))}</text>`
      );
    })
    .join('');

  return chartSvg(
    'top-products',
    `${PRODUCTS_TITLE}: ${count(data.length)} products in ${count(currencies.length)} currencies`,
    plot,
    horizontalAxis(plot, scale, 'units sold', count) + bars,
  );
}
