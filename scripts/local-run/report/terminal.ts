/**
 * The run's summary for the terminal: what was generated, mirrored, registered, transformed and
 * alerted, the answers to the business questions, and, last, whether the mirror matches S3.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import type { LocalRunFigures, ReconcileFigures } from './figures';
import { byteSize, count, decimal, milliseconds, minuteRanges, plural, seconds } from './format';
import {
  MEASUREMENT_COLUMNS,
  etlRows,
  functionRows,
  generatedRows,
  partitionRows,
  streamRows,
  marketplaceRows,
  recommendationAnswers,
  recommendationRows,
  recommendationsMeetTarget,
  recommendationVerdict,
  RECOMMENDATIONS_NOT_MEASURED,
  refusedFields,
  statusCounts,
} from './figure-rows';
import { textTable } from './text-table';

export interface TerminalReportOptions {
  /** ANSI colours and bold. @default `shouldUseColor()`: stdout is a terminal and NO_COLOR is unset */
  readonly color?: boolean;
  /** Longest line in characters. @default the terminal's width, or 120 when stdout is not one */
  readonly width?: number;
}

/** Rows of each query answer shown before `… N more`. */
const ANSWER_ROWS = 5;
const DEFAULT_WIDTH = 120;

/** Colour when writing to a terminal, unless NO_COLOR (https://no-color.org) is set. */
export function shouldUseColor(
  stream: { readonly isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '';
}

function defaultWidth(): number {
  return process.stdout.isTTY === true && process.stdout.columns > 0
    ? process.stdout.columns
    : DEFAULT_WIDTH;
}

type Paint = (text: string) => string;

function palette(color: boolean) {
  const sgr =
    (open: number, close: number): Paint =>
    (text) =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

export function renderTerminalReport(
  figures: LocalRunFigures,
  options: TerminalReportOptions = {},
): string {
  const paint = palette(options.color ?? shouldUseColor());
  const width = Math.max(40, options.width ?? defaultWidth());
  const table = (rows: readonly Row[], maxRows = Number.POSITIVE_INFINITY) =>
    textTable(rows, { maxRows, width, indent: '  ', rightAligned: MEASUREMENT_COLUMNS });
  const heading = (text: string) => ['', paint.bold(paint.cyan(text))];
  const { generated, mirror, partitions, alerts, analytics } = figures;

  const lines = [
    paint.bold(
      `${figures.project} local run · environment ${figures.environment} · day ${figures.day} · ` +
        `seed ${figures.seed} · size ${figures.size} · ${seconds(figures.durationSeconds)}`,
    ),
    ...wrap(
      'steps: ',
      figures.steps.map((step) => `${step.name} ${seconds(step.seconds)}`),
      width,
    ).map(paint.dim),

    ...heading('Generated data'),
    ...table(generatedRows(figures)),
    `  bad e-mails ${count(generated.badEmails)} · bot burst from ${generated.botBurst.clientIp} at ` +
      `${generated.botBurst.startMinute} for ${plural(generated.botBurst.minutes, 'minute')} ` +
      `(${plural(generated.botBurst.requests, 'request')})`,

    ...heading('Marketplace API: purchases and interactions in, as the marketplace sends them'),
    ...table(marketplaceRows(figures)),
    `  ${plural(figures.marketplace.requests, 'signed request')} to ${figures.marketplace.url} · ` +
      `answers ${statusCounts(figures)} · ${plural(figures.marketplace.retries, 'retry', 'retries')} · ` +
      `latency p50 ${milliseconds(figures.marketplace.latencyMs.p50)} · p99 ${milliseconds(figures.marketplace.latencyMs.p99)}`,
    `  refused at the door, by field: ${refusedFields(figures)}`,

    ...heading('Stream: producer → Kafka → streaming jobs → raw'),
    ...table(streamRows(figures)),
    `  day streamed in ${seconds(figures.stream.streamSeconds)} · all written after ` +
      `${seconds(figures.stream.drainedSeconds)} · latency p50 ${milliseconds(figures.stream.latencyMs.p50)} · ` +
      `p95 ${milliseconds(figures.stream.latencyMs.p95)} · max ${milliseconds(figures.stream.latencyMs.max)} · ` +
      `${plural(figures.stream.batches, 'micro-batch', 'micro-batches')}` +
      (figures.stream.replayedBatches > 0
        ? ` (${count(figures.stream.replayedBatches)} written again after a restart)`
        : ''),
    `  traffic monitor: ${plural(figures.trafficMonitor.botAlerts, 'bot-attack alert')}` +
      (figures.trafficMonitor.firstRecordToAlertSeconds === null
        ? ''
        : ` · burst → alert ${seconds(figures.trafficMonitor.firstRecordToAlertSeconds)}`) +
      (figures.trafficMonitor.closableToAlertSeconds === null
        ? ''
        : ` · minute closable → alert ${seconds(figures.trafficMonitor.closableToAlertSeconds)}`),

    ...heading('Mirror S3 → ADLS'),
    `  ${plural(mirror.objects, 'object')} · ${byteSize(mirror.bytes)} · ` +
      `${decimal(mirror.mibPerSecond)} MiB/s · ${decimal(mirror.objectsPerSecond)} objects/s`,
    `  lag p50 ${milliseconds(mirror.lagMs.p50)} · p95 ${milliseconds(mirror.lagMs.p95)} · ` +
      `max ${milliseconds(mirror.lagMs.max)} · ` +
      (mirror.deadLettered > 0 ? paint.yellow : (text: string) => text)(
        `dead-lettered ${count(mirror.deadLettered)}`,
      ),

    ...heading(`Partitions registered: ${count(partitions.registered)}`),
    ...table(partitionRows(figures)),

    ...heading('ETL jobs'),
    ...table(etlRows(figures)),

    ...heading('Functions'),
    ...table(functionRows(figures)),

    ...heading(`Alerts sent: ${count(alerts.sent)}`),
    ...alerts.items.map(
      (alert) => `  ${paint.yellow(alert.subject)}  ${paint.dim(`(${alert.source})`)}`,
    ),

    ...heading('Answers'),
    ...analytics.queries.flatMap((query) => [
      `  ${paint.bold(query.name)}  ${paint.dim(query.description)}`,
      ...textTable(query.rows, { maxRows: ANSWER_ROWS, width, indent: '    ' }),
    ]),

    ...heading('Customer models, against the planted truth'),
    ...modelLines(figures, paint),

    ...heading('Recommendations, against the held-out next purchases'),
    ...recommendationLines(figures, paint, table),

    '',
    suspectedBotLine(analytics.suspectedBotMinutes, analytics.botThreshold),
    '',
    ...reconcileZoneLines(figures.reconcile),
    reconcileLine(figures.reconcile, paint),
  ];
  return lines.join('\n');
}

function modelLines(figures: LocalRunFigures, paint: ReturnType<typeof palette>): string[] {
  const { churn, segments } = figures.models;
  const judged = (value: number | null, target: number) =>
    value === null
      ? paint.yellow('n/a')
      : (value >= target ? paint.green : paint.red)(`${value.toFixed(4)} (target ≥ ${target})`);
  const { truePositives, falsePositives, trueNegatives, falseNegatives } = churn.confusion;
  const buying = churn.stillBuying;
  return [
    `  churn: AUC ${judged(buying.auc, churn.target)} on ${plural(buying.customers, 'customer')} still buying ` +
      `(${count(buying.leaving)} planted to stop within 30 days; recency alone ${buying.recencyAuc === null ? 'n/a' : buying.recencyAuc.toFixed(4)})`,
    `  AUC ${churn.auc === null ? 'n/a' : churn.auc.toFixed(4)} on all ${plural(churn.customers, 'active customer')} ` +
      `the model never trained on, ${count(churn.leaving)} planted to leave within 30 days`,
    `  at risk ≥ ${churn.threshold}: ${count(truePositives)} leaving found, ${count(falsePositives)} false alarms, ` +
      `${count(falseNegatives)} missed, ${count(trueNegatives)} staying`,
    `  segments: adjusted Rand index ${judged(segments.ari, segments.target)} against the planted ` +
      `behaviours, over ${plural(segments.customers, 'customer')}`,
  ];
}

function recommendationLines(
  figures: LocalRunFigures,
  paint: ReturnType<typeof palette>,
  table: (rows: readonly Row[]) => string[],
): string[] {
  const judged = figures.recommendations;
  if (judged === undefined) return [`  ${paint.yellow(RECOMMENDATIONS_NOT_MEASURED)}`];
  return [
    `  ${(recommendationsMeetTarget(judged) ? paint.green : paint.red)(recommendationVerdict(judged))}`,
    ...table(recommendationRows(judged)),
    `  ${recommendationAnswers(judged)}`,
  ];
}

function suspectedBotLine(minutes: readonly string[], threshold: number): string {
  const label = `suspected bot minutes (ceiling ${count(threshold)}/min): ${count(minutes.length)}`;
  return minutes.length === 0 ? label : `${label} · ${minuteRanges(minutes).join(', ')}`;
}

function reconcileZoneLines(reconcile: ReconcileFigures): string[] {
  return reconcile.zones.map(
    (zone) =>
      `  ${zone.zone}: S3 ${plural(zone.s3Objects, 'object')}, ADLS ${count(zone.adlsObjects)} · ` +
      `missing ${count(zone.missing)} · extra ${count(zone.extra)} · different ${count(zone.different)}`,
  );
}

/** The last line, one a reader (or a CI log grep) can trust at a glance. */
export function reconcileLine(
  reconcile: ReconcileFigures,
  paint: { readonly green: Paint; readonly red: Paint } = palette(false),
): string {
  if (!reconcile.drift) return paint.green('reconcile S3 vs ADLS: no drift');
  const drifting = reconcile.zones
    .filter((zone) => zone.missing + zone.extra + zone.different > 0)
    .map(
      (zone) =>
        `${zone.zone} ${count(zone.missing)} missing, ${count(zone.extra)} extra, ` +
        `${count(zone.different)} different`,
    );
  return paint.red(
    `reconcile S3 vs ADLS: DRIFT${drifting.length > 0 ? ` · ${drifting.join(' · ')}` : ''}`,
  );
}

/** `prefix a · b · c`, continued on indented lines when it would pass `width`. */
function wrap(prefix: string, items: readonly string[], width: number): string[] {
  const lines: string[][] = [];
  for (const item of items) {
    const line = lines.at(-1);
    const length = line === undefined ? 0 : prefix.length + line.join(' · ').length;
    if (line === undefined || length + 3 + item.length > width) lines.push([item]);
    else line.push(item);
  }
  return lines.map(
    (line, index) => (index === 0 ? prefix : ' '.repeat(prefix.length)) + line.join(' · '),
  );
}
