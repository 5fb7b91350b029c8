/**
 * The run's report as one self-contained HTML page: inline CSS, charts as inline SVG computed
 * here, no script and no external URL, so it opens from disk, offline, in any browser. A
 * Content-Security-Policy forbids the page to load anything, which also keeps a hostile value
 * in the figures (a URL or user agent from the web logs) inert even if escaping were missed.
 */
import type { LocalRunFigures } from './figures';
import { contentByRegionChart, devicesChart, topProductsChart } from './answer-charts';
import { churnConfusionChart, churnRiskChart, segmentsChart } from './model-charts';
import { escapeHtml } from './escape';
import {
  MEASUREMENT_COLUMNS,
  alertRows,
  etlRows,
  functionRows,
  generatedRows,
  partitionRows,
  reconcileRows,
  streamRows,
  marketplaceRows,
  recommendationAnswers,
  recommendationRows,
  recommendationsMeetTarget,
  recommendationVerdict,
  RECOMMENDATIONS_NOT_MEASURED,
  refusedFields,
  statusCounts,
  stepRows,
} from './figure-rows';
import {
  byteSize,
  count,
  decimal,
  milliseconds,
  minuteRanges,
  numericValue,
  plural,
  seconds,
} from './format';
import { REPORT_CSS } from './html-style';
import { htmlTable, type HtmlTableOptions } from './html-table';
import { consumerLagChart } from './consumer-lag-chart';
import { replicationLagChart } from './lag-chart';
import {
  CONTENT_BY_REGION_QUERY,
  CHURN_QUALITY_QUERY,
  DEVICES_QUERY,
  RISK_BANDS_QUERY,
  SEGMENTS_QUERY,
  TOP_PRODUCTS_QUERY,
  TRAFFIC_QUERY,
  queryRows,
} from './query-columns';
import { reconcileLine } from './terminal';
import { requestsPerMinuteChart } from './traffic-chart';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Queries drawn as a chart, and where: their rows are listed too, folded under a summary. */
const CHARTED_WHERE: ReadonlyMap<string, string> = new Map([
  [DEVICES_QUERY.query, 'charted above'],
  [CONTENT_BY_REGION_QUERY.query, 'charted above'],
  [TOP_PRODUCTS_QUERY.query, 'charted above'],
  [TRAFFIC_QUERY, 'charted under Web traffic'],
  [SEGMENTS_QUERY.query, 'charted under Customer models'],
  [RISK_BANDS_QUERY.query, 'charted under Customer models'],
  [CHURN_QUALITY_QUERY.query, 'charted under Customer models'],
]);

export function renderHtmlReport(figures: LocalRunFigures): string {
  const title = `${figures.project} local run · ${figures.environment} · ${figures.day}`;
  const body = [
    header(figures),
    section('Run', htmlTable(stepRows(figures), tableOptions('No step was timed.'))),
    generatedSection(figures),
    marketplaceSection(figures),
    streamSection(figures),
    mirrorSection(figures),
    trafficSection(figures),
    customerModelsSection(figures),
    recommendationsSection(figures),
    answersSection(figures),
    section(
      `Partitions registered: ${count(figures.partitions.registered)}`,
      htmlTable(partitionRows(figures), tableOptions('No partition was registered.')),
    ),
    section('ETL jobs', htmlTable(etlRows(figures), tableOptions('No ETL job ran.'))),
    section('Functions', htmlTable(functionRows(figures), tableOptions('No function ran.'))),
    section(
      `Alerts sent: ${count(figures.alerts.sent)}`,
      htmlTable(alertRows(figures), tableOptions('No alert was sent.')),
    ),
    reconcileSection(figures),
    `<footer>Finished ${escapeHtml(figures.finishedAt)} · figures schema v${escapeHtml(String(figures.schemaVersion))} · every number on this page is in local-run.json.</footer>`,
  ].join('\n');

  return `${pageHead({ title, policy: CONTENT_SECURITY_POLICY, css: REPORT_CSS })}
<body>
${body}
</body>
</html>
`;
}

/**
 * The start of a page, up to `</head>`: the policy in the page itself (it holds from disk too),
 * an empty icon so the browser asks for none, the one stylesheet inline, and `extra` (a script).
 */
export function pageHead(options: {
  readonly title: string;
  readonly policy: string;
  readonly css: string;
  readonly extra?: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(options.policy)}">
<link rel="icon" href="data:,">
<title>${escapeHtml(options.title)}</title>
<style>${options.css}</style>${options.extra === undefined ? '' : `\n${options.extra}`}
</head>`;
}

function tableOptions(empty: string): HtmlTableOptions {
  return { empty, rightAligned: MEASUREMENT_COLUMNS };
}

export function section(heading: string, ...content: string[]): string {
  return `<section>\n<h2>${escapeHtml(heading)}</h2>\n${content.join('\n')}\n</section>`;
}

function cards(items: readonly [label: string, value: string][]): string {
  const entries = items
    .map(
      ([label, value]) => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`,
    )
    .join('');
  return `<dl class="cards">${entries}</dl>`;
}

export function figure(chart: string, caption: string, wide = false): string {
  const open = wide ? '<figure class="wide">' : '<figure>';
  return `${open}${chart}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function header(figures: LocalRunFigures): string {
  const records = figures.generated.datasets.reduce((sum, dataset) => sum + dataset.records, 0);
  return [
    `<header>`,
    `<h1>${escapeHtml(`${figures.project} local run`)}</h1>`,
    `<p class="run-line">${escapeHtml(
      `environment ${figures.environment} · day ${figures.day} · seed ${figures.seed} · ` +
        `size ${figures.size} · ${seconds(figures.durationSeconds)}`,
    )}</p>`,
    cards([
      ['records generated', count(records)],
      ['objects mirrored', count(figures.mirror.objects)],
      ['partitions registered', count(figures.partitions.registered)],
      ['alerts sent', count(figures.alerts.sent)],
      ['suspected bot minutes', count(figures.analytics.suspectedBotMinutes.length)],
      ['reconcile', figures.reconcile.drift ? 'drift' : 'no drift'],
    ]),
    `</header>`,
  ].join('\n');
}

function generatedSection(figures: LocalRunFigures): string {
  const { botBurst, badEmails } = figures.generated;
  return section(
    'Generated data',
    htmlTable(generatedRows(figures), tableOptions('No data was generated.')),
    `<p>${escapeHtml(
      `${plural(badEmails, 'bad e-mail')} · bot burst from ${botBurst.clientIp} at ${botBurst.startMinute} ` +
        `for ${plural(botBurst.minutes, 'minute')} (${plural(botBurst.requests, 'request')})`,
    )}</p>`,
  );
}

function marketplaceSection(figures: LocalRunFigures): string {
  const { marketplace } = figures;
  return section(
    'Marketplace API: purchases and interactions in, as the marketplace sends them',
    cards([
      ['signed requests', count(marketplace.requests)],
      ['retries (same key)', count(marketplace.retries)],
      [
        'latency p50 / p99',
        `${milliseconds(marketplace.latencyMs.p50)} / ${milliseconds(marketplace.latencyMs.p99)}`,
      ],
      ['latency max', milliseconds(marketplace.latencyMs.max)],
    ]),
    htmlTable(marketplaceRows(figures), tableOptions('Nothing was sent to the API.')),
    `<p>${escapeHtml(`Answers: ${statusCounts(figures)}. Refused at the door, by the field the API named: ${refusedFields(figures)}.`)}</p>`,
  );
}

function streamSection(figures: LocalRunFigures): string {
  const { stream } = figures;
  return section(
    'Stream: producer → Kafka → streaming jobs → raw',
    cards([
      ['day streamed in', seconds(stream.streamSeconds)],
      ['all written after', seconds(stream.drainedSeconds)],
      [
        'latency p50 / p95',
        `${milliseconds(stream.latencyMs.p50)} / ${milliseconds(stream.latencyMs.p95)}`,
      ],
      ['latency max', milliseconds(stream.latencyMs.max)],
      ['micro-batches', count(stream.batches)],
      ['restarts (killed mid-stream)', count(stream.restarts)],
      ['written again after a restart', count(stream.replayedBatches)],
      ['bot-attack alerts', count(figures.trafficMonitor.botAlerts)],
      ['burst → alert', optionalSeconds(figures.trafficMonitor.firstRecordToAlertSeconds)],
      ['minute closable → alert', optionalSeconds(figures.trafficMonitor.closableToAlertSeconds)],
    ]),
    htmlTable(streamRows(figures), tableOptions('Nothing was streamed.')),
    figure(
      consumerLagChart(stream),
      'Records produced and not yet in the raw zone, summed over the topics, through the stream. Latency runs from a record being produced to its file being in the raw zone.',
    ),
  );
}

function mirrorSection(figures: LocalRunFigures): string {
  const { mirror } = figures;
  return section(
    'Mirror S3 → ADLS',
    cards([
      ['objects', count(mirror.objects)],
      ['bytes', byteSize(mirror.bytes)],
      ['throughput', `${decimal(mirror.mibPerSecond)} MiB/s`],
      ['objects per second', decimal(mirror.objectsPerSecond)],
      ['lag p50 / p95', `${milliseconds(mirror.lagMs.p50)} / ${milliseconds(mirror.lagMs.p95)}`],
      ['lag max', milliseconds(mirror.lagMs.max)],
      ['dead-lettered', count(mirror.deadLettered)],
    ]),
    figure(
      replicationLagChart(mirror),
      'Each point is one mirrored object: when its copy completed, and how long after its event.',
    ),
  );
}

function trafficSection(figures: LocalRunFigures): string {
  const { analytics } = figures;
  const flagged = analytics.suspectedBotMinutes;
  return section(
    'Web traffic',
    figure(
      requestsPerMinuteChart(analytics),
      `Requests per minute; the dashed line is the bot ceiling (${count(analytics.botThreshold)}/min), flagged minutes are marked.`,
    ),
    `<p>${escapeHtml(
      flagged.length === 0
        ? 'No minute was flagged as a suspected bot.'
        : `Suspected bot minutes (UTC): ${minuteRanges(flagged).join(', ')}`,
    )}</p>`,
  );
}

function customerModelsSection(figures: LocalRunFigures): string {
  const { churn, segments } = figures.models;
  const measured = (name: string, value: number | null, target: number) =>
    value === null
      ? `${name}: not measurable on this run`
      : `${name}: ${value.toFixed(4)} (target ≥ ${target}, ${value >= target ? 'met' : 'missed'})`;
  return section(
    'Customer models',
    `<div class="charts">${[
      figure(
        segmentsChart(queryRows(figures, SEGMENTS_QUERY.query)),
        'Segments named from the clusters of the k-means model: where their customers stand on recency and value, and how many they are.',
        true,
      ),
      figure(
        churnRiskChart(queryRows(figures, RISK_BANDS_QUERY.query)),
        'Active customers by the churn risk the XGBoost model predicts; 50 % and above in orange.',
      ),
      figure(
        churnConfusionChart(queryRows(figures, CHURN_QUALITY_QUERY.query)),
        `The churn model on the customers held out of its training, at a risk of 50 %${heldOutAuc(figures)}.`,
      ),
    ].join('')}</div>`,
    `<p class="result ${churn.stillBuying.auc !== null && churn.stillBuying.auc >= churn.target ? 'ok' : 'drift'}">${escapeHtml(
      `Against the planted truth, ${measured('churn AUC', churn.stillBuying.auc, churn.target)} on ${plural(churn.stillBuying.customers, 'customer')} still buying that the model never trained on (${count(churn.stillBuying.leaving)} planted to stop within 30 days; recency alone: ${churn.stillBuying.recencyAuc === null ? 'n/a' : churn.stillBuying.recencyAuc.toFixed(4)}). On all ${plural(churn.customers, 'unseen active customer')}, those already gone included: ${churn.auc === null ? 'n/a' : churn.auc.toFixed(4)}.`,
    )}</p>`,
    `<p class="result ${segments.ari !== null && segments.ari >= segments.target ? 'ok' : 'drift'}">${escapeHtml(
      `${measured('Segments adjusted Rand index', segments.ari, segments.target)} against the planted behaviours of ${plural(segments.customers, 'customer')}.`,
    )}</p>`,
  );
}

function recommendationsSection(figures: LocalRunFigures): string {
  const heading = 'Recommendations, against the held-out next purchases';
  const judged = figures.recommendations;
  if (judged === undefined)
    return section(heading, `<p class="muted">${escapeHtml(RECOMMENDATIONS_NOT_MEASURED)}</p>`);
  return section(
    heading,
    `<p class="muted">${escapeHtml(
      `Each customer with an order planned after the day (never written) is asked for ${judged.limit} products; a hit is any of them in that order. The baseline is the ${judged.limit} best sellers of the customer's country by buyers, computed from the answer key, bar what the customer has just bought (the definition's justBoughtDays).`,
    )}</p>`,
    htmlTable(recommendationRows(judged), tableOptions('No customer was judged.')),
    `<p class="result ${recommendationsMeetTarget(judged) ? 'ok' : 'drift'}">${escapeHtml(
      recommendationVerdict(judged),
    )}</p>`,
    `<p>${escapeHtml(recommendationAnswers(judged))}.</p>`,
  );
}

/** `; AUC 0.871` from churn_model_quality, when it answered one. */
function heldOutAuc(figures: LocalRunFigures): string {
  const [row] = queryRows(figures, CHURN_QUALITY_QUERY.query);
  const auc = row === undefined ? undefined : numericValue(row[CHURN_QUALITY_QUERY.auc]);
  return auc === undefined ? '' : `; AUC ${auc.toFixed(3)}`;
}

function answersSection(figures: LocalRunFigures): string {
  const charts = `<div class="charts">${[
    figure(devicesChart(queryRows(figures, DEVICES_QUERY.query)), 'Access events per device.'),
    figure(
      contentByRegionChart(queryRows(figures, CONTENT_BY_REGION_QUERY.query)),
      'Access events per country, stacked by content type.',
    ),
    figure(
      topProductsChart(queryRows(figures, TOP_PRODUCTS_QUERY.query)),
      'Units sold per product, ranked within each currency.',
      true,
    ),
  ].join('')}</div>`;
  const answers = figures.analytics.queries.map((query) => {
    const table = htmlTable(query.rows, { empty: 'The query returned no row.' });
    const charted = CHARTED_WHERE.get(query.name);
    return [
      `<h3>${escapeHtml(query.name)}</h3>`,
      `<p class="muted">${escapeHtml(query.description)}</p>`,
      charted === undefined
        ? table
        : `<details><summary>${escapeHtml(`${plural(query.rows.length, 'row')} (${charted})`)}</summary>${table}</details>`,
    ].join('\n');
  });
  return section('Answers to the business questions', charts, ...answers);
}

function reconcileSection(figures: LocalRunFigures): string {
  return section(
    'Reconcile S3 vs ADLS',
    htmlTable(reconcileRows(figures), tableOptions('No zone was reconciled.')),
    `<p class="result ${figures.reconcile.drift ? 'drift' : 'ok'}">${escapeHtml(reconcileLine(figures.reconcile))}</p>`,
  );
}

function optionalSeconds(value: number | null): string {
  return value === null ? 'n/a' : seconds(value);
}
