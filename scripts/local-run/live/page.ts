/**
 * The live dashboard's HTML: the page itself, and each panel on its own, so the server can send
 * fresh panels as events flow. Everything is drawn here with the report's charts and tables and
 * escaped here; the page's only script (`browser-script.ts`) puts the panels in place. The
 * Content-Security-Policy is the report's, plus what a live page needs: its own script and its
 * own event stream, from its own origin only.
 */
import { devicesChart } from '../report/answer-charts';
import { escapeHtml } from '../report/escape';
import { clockTime, count, milliseconds } from '../report/format';
import { CONTENT_SECURITY_POLICY, figure, pageHead, section } from '../report/html';
import { REPORT_CSS } from '../report/html-style';
import { htmlTable } from '../report/html-table';
import { DEVICES_QUERY } from '../report/query-columns';
import { requestsPerMinuteChart } from '../report/traffic-chart';
import { AUDIENCE_MINUTES, LIVE_MINUTES, type LiveSnapshot, type Share } from './snapshot';

export const LIVE_SCRIPT_PATH = '/live.js';
export const LIVE_EVENTS_PATH = '/events';

/** The report's policy, and the page's own script and event stream. */
export const LIVE_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; script-src 'self'; connect-src 'self'`;

/** The panels, in page order; each is replaced whole on every update. */
export const LIVE_PANEL_IDS = ['summary', 'traffic', 'audience', 'pipeline', 'alerts'] as const;
export type LivePanelId = (typeof LIVE_PANEL_IDS)[number];

const LIVE_CSS = `
.live-state { font-weight: 600; }
.live-state[data-connection="live"] { color: var(--ok); }
.live-state[data-connection="lost"] { color: var(--bad); }
tr.bot-attack td, .stale { color: var(--bad); font-weight: 600; }
`;

export function renderLivePage(snapshot: LiveSnapshot, title: string): string {
  const panels = renderLivePanels(snapshot);
  return `${pageHead({
    title,
    policy: LIVE_CONTENT_SECURITY_POLICY,
    css: `${REPORT_CSS}${LIVE_CSS}`,
    extra: `<script src="${LIVE_SCRIPT_PATH}" defer></script>`,
  })}
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="run-line">Live from the local platform · <span class="live-state" id="connection" data-connection="connecting">connecting…</span></p>
</header>
${LIVE_PANEL_IDS.map((id) => `<div id="${id}">${panels[id]}</div>`).join('\n')}
</body>
</html>
`;
}

/**
 * Every panel of `snapshot`. `problem`, when the latest read failed, is said at the top: the
 * figures below are from `snapshot.at` and no later.
 */
export function renderLivePanels(
  snapshot: LiveSnapshot,
  problem?: string,
): Record<LivePanelId, string> {
  return {
    summary: summaryPanel(snapshot, problem),
    traffic: trafficPanel(snapshot),
    audience: audiencePanel(snapshot),
    pipeline: pipelinePanel(snapshot),
    alerts: alertsPanel(snapshot),
  };
}

/**
 * Figures a test or a person reads at a glance; `data-live` names each, and a time carries its
 * full ISO value in `data-at`.
 */
function liveCards(
  items: readonly [id: string, label: string, value: string, at?: string][],
): string {
  const entries = items
    .map(
      ([id, label, value, at]) =>
        `<div><dt>${escapeHtml(label)}</dt><dd data-live="${escapeHtml(id)}"${at === undefined ? '' : ` data-at="${escapeHtml(at)}"`}>${escapeHtml(value)}</dd></div>`,
    )
    .join('');
  return `<dl class="cards">${entries}</dl>`;
}

function summaryPanel(snapshot: LiveSnapshot, problem: string | undefined): string {
  const records = snapshot.topics.reduce((sum, topic) => sum + topic.records, 0);
  const current = snapshot.traffic.minutes.at(-1);
  return [
    ...(problem === undefined
      ? []
      : [
          `<p class="stale" data-live="stale">${escapeHtml(
            `Not refreshed since ${snapshot.at.slice(11, 19)} UTC: ${problem}`,
          )}</p>`,
        ]),
    liveCards([
      ['updated', 'updated (UTC)', snapshot.at.slice(11, 19), snapshot.at],
      closedThroughCard(snapshot.traffic.closedThrough),
      ['records', 'records on the topics', count(records)],
      ['requests-this-minute', 'requests this minute', count(current?.requests ?? 0)],
      ['accesses-this-minute', 'accesses this minute', count(current?.accesses ?? 0)],
      ['alerts', 'alerts', count(snapshot.alertCounts.all)],
      ['bot-alerts', 'bot-attack alerts', count(snapshot.alertCounts.botAttack)],
    ]),
    `<p class="muted">${escapeHtml(`producer: ${snapshot.producer.state} · ${snapshot.producer.detail}`)}</p>`,
  ].join('\n');
}

function closedThroughCard(
  closedThrough: string | undefined,
): [id: string, label: string, value: string, at?: string] {
  const label = 'minutes closed through (UTC)';
  return closedThrough === undefined
    ? ['closed-through', label, 'none yet']
    : ['closed-through', label, clockTime(closedThrough), closedThrough];
}

function trafficPanel(snapshot: LiveSnapshot): string {
  const { traffic } = snapshot;
  const chart = requestsPerMinuteChart({
    requestsPerMinute: traffic.minutes.map(({ minute, requests }) => ({ minute, requests })),
    suspectedBotMinutes: traffic.flagged,
    botThreshold: traffic.ceiling,
  });
  const state = [
    traffic.closedThrough === undefined
      ? 'no minute closed yet'
      : `closed through ${clockTime(traffic.closedThrough)} UTC`,
    traffic.incidentSince === undefined
      ? 'no incident open'
      : `bot incident open since ${clockTime(traffic.incidentSince)} UTC`,
    `${count(traffic.flagged.length)} flagged minutes on show`,
  ].join(' · ');
  const recent = traffic.minutes
    .slice(-5)
    .reverse()
    .map((minute) => ({
      minute: clockTime(minute.minute),
      requests: minute.requests,
      'distinct clients': minute.distinctClients,
      accesses: minute.accesses,
      state: traffic.flagged.includes(minute.minute)
        ? 'flagged'
        : minute.closed
          ? 'closed'
          : 'counting',
    }));
  return section(
    'Web traffic (traffic monitor)',
    figure(
      chart,
      `Requests per minute, the last ${LIVE_MINUTES} minutes, with the bot rule's ceiling; flagged minutes are marked. ${state}.`,
      true,
    ),
    htmlTable(recent, { empty: 'No minute yet.' }),
  );
}

function audiencePanel(snapshot: LiveSnapshot): string {
  const rows = (shares: readonly Share[], label: string) =>
    shares.map((share) => ({ [label]: share.label, accesses: share.accesses }));
  const total = snapshot.devices.reduce((sum, share) => sum + share.accesses, 0);
  const deviceRows = snapshot.devices.map((share) => ({
    [DEVICES_QUERY.label]: share.label,
    [DEVICES_QUERY.value]: share.accesses,
    [DEVICES_QUERY.share]: total === 0 ? 0 : Math.round((share.accesses / total) * 1000) / 10,
  }));
  return section(
    `Audience, the last ${AUDIENCE_MINUTES} minutes`,
    `<div class="charts">${figure(devicesChart(deviceRows), 'Access events per device.')}<div>` +
      `<h3>By content type</h3>${htmlTable(rows(snapshot.contentTypes, 'content type'), { empty: 'No access yet.' })}` +
      `<h3>By country</h3>${htmlTable(rows(snapshot.countries, 'country'), { empty: 'No access yet.', maxRows: 12 })}` +
      `</div></div>`,
  );
}

function pipelinePanel(snapshot: LiveSnapshot): string {
  const { transfer } = snapshot;
  return section(
    'Pipeline',
    `<div class="charts"><div>` +
      `<h3>Records per topic</h3>${htmlTable(
        snapshot.topics.map((topic) => ({ topic: topic.topic, records: topic.records })),
        { empty: 'No topic.' },
      )}` +
      `<h3>Consumer lag (records behind)</h3>${htmlTable(
        snapshot.consumerLag.map((lag) => ({
          group: lag.group,
          topic: lag.topic,
          behind: lag.behind,
        })),
        { empty: 'No consumer group.' },
      )}</div><div>` +
      `<h3>S3 → ADLS</h3><p>${escapeHtml(
        transfer.copied === 0
          ? 'Nothing copied yet.'
          : `last ${count(transfer.copied)} copies: lag p50 ${milliseconds(transfer.lagP50Ms)}, max ${milliseconds(transfer.lagMaxMs)}`,
      )}</p>` +
      `<h3>Dead-letter queues</h3>${htmlTable(
        snapshot.deadLetters.map((queue) => ({ queue: queue.queue, messages: queue.messages })),
        { empty: 'No dead-letter queue.' },
      )}` +
      `<h3>Jobs</h3>${htmlTable(
        snapshot.jobs.map((job) => ({ job: job.job, state: job.state })),
        { empty: 'No job.' },
      )}</div></div>`,
  );
}

function alertsPanel(snapshot: LiveSnapshot): string {
  if (snapshot.alerts.length === 0)
    return section('Alerts', '<p class="muted">No alert has been sent.</p>');
  const rows = snapshot.alerts
    .map((alert) => {
      const cells = [
        alert.publishedAt === undefined ? '' : alert.publishedAt.slice(11, 19),
        alert.source,
        alert.subject,
        alert.summary,
      ]
        .map((cell) => `<td>${escapeHtml(cell)}</td>`)
        .join('');
      return `<tr class="${escapeHtml(alert.source)}" data-alert-source="${escapeHtml(alert.source)}">${cells}</tr>`;
    })
    .join('\n');
  return section(
    'Alerts',
    `<table><thead><tr><th scope="col">published (UTC)</th><th scope="col">source</th><th scope="col">subject</th><th scope="col">summary</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
