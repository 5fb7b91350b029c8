import {
  LIVE_CONTENT_SECURITY_POLICY,
  LIVE_PANEL_IDS,
  renderLivePage,
  renderLivePanels,
} from '../../../../../scripts/local-run/live/page';
import type { LiveSnapshot } from '../../../../../scripts/local-run/live/snapshot';

const HOSTILE = '<img src=x onerror=alert(1)>';
const MINUTE = '2026-12-07T10:15:00.000Z';

function snapshot(overrides: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    at: '2026-12-07T10:15:42.000Z',
    producer: { state: 'streaming', detail: '10 records/s' },
    topics: [{ topic: 'web-logs', records: 1234 }],
    traffic: {
      ceiling: 600,
      minutes: [
        { minute: MINUTE, requests: 900, distinctClients: 3, accesses: 10, closed: true },
        {
          minute: '2026-12-07T10:16:00.000Z',
          requests: 7,
          distinctClients: 2,
          accesses: 4,
          closed: false,
        },
      ],
      flagged: [MINUTE],
      closedThrough: MINUTE,
      incidentSince: MINUTE,
    },
    devices: [{ label: HOSTILE, accesses: 4 }],
    contentTypes: [{ label: 'film', accesses: 4 }],
    countries: [{ label: HOSTILE, accesses: 4 }],
    consumerLag: [{ group: 'g', topic: 'web-logs', behind: 0 }],
    transfer: { copied: 0, lagP50Ms: 0, lagMaxMs: 0 },
    deadLetters: [{ queue: 'q-dlq', messages: 1 }],
    jobs: [{ job: 'stream', state: 'RUNNING (local process)' }],
    alerts: [
      {
        subject: HOSTILE,
        source: 'bot-attack',
        summary: `${HOSTILE} at 10:15`,
        publishedAt: '2026-12-07T10:17:05.000Z',
      },
    ],
    alertCounts: { all: 1, botAttack: 1 },
    ...overrides,
  };
}

describe('the live page', () => {
  it('carries the policy, its own script and one element per panel', () => {
    const page = renderLivePage(snapshot(), 'hybrid-lake live · dev');

    expect(page).toContain(`content="${LIVE_CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}"`);
    expect(LIVE_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(LIVE_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(LIVE_CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(page).toContain('<script src="/live.js" defer></script>');
    expect(page.match(/<script/g)).toHaveLength(1);
    for (const id of LIVE_PANEL_IDS) expect(page).toContain(`<div id="${id}">`);
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('escapes what producers and alerts say', () => {
    const panels = Object.values(renderLivePanels(snapshot())).join('\n');

    expect(panels).not.toContain('<img');
    expect(panels).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the flagged minute on the chart and the bot alert as a bot-attack row', () => {
    const { traffic, alerts, summary } = renderLivePanels(snapshot());

    expect(traffic.match(/class="bar flagged"/g)).toHaveLength(1);
    expect(traffic).toContain('10:15 UTC: 900 requests (suspected bot)');
    expect(traffic).toContain('bot incident open since 10:15 UTC');
    expect(alerts).toContain('data-alert-source="bot-attack"');
    expect(summary).toContain('data-live="bot-alerts">1<');
    expect(summary).toContain('data-live="requests-this-minute">7<');
  });

  it('says since when the figures are stale when a read fails, escaped', () => {
    const { summary } = renderLivePanels(snapshot(), `${HOSTILE} refused`);

    expect(summary).toContain('data-live="stale"');
    expect(summary).toContain('Not refreshed since 10:15:42 UTC: &lt;img');
    expect(renderLivePanels(snapshot()).summary).not.toContain('data-live="stale"');
  });

  it('says so when nothing has been sent', () => {
    expect(renderLivePanels(snapshot({ alerts: [] })).alerts).toContain('No alert has been sent.');
  });
});
