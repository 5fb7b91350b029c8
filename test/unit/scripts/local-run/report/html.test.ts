import type { LocalRunFigures } from '../../../../../scripts/local-run/report/figures';
import { renderHtmlReport } from '../../../../../scripts/local-run/report/html';
import { CHART_IDS } from '../../../../../scripts/local-run/report/svg';
import {
  HOSTILE_PATH,
  emptyLocalRunFigures,
  expectedChartMarks,
  localRunFigures,
} from '../../../../fixtures/local-run-figures';

function chart(html: string, id: string): string {
  const match = new RegExp(`<svg class="chart" data-chart="${id}"[^>]*>[\\s\\S]*?</svg>`).exec(
    html,
  );
  if (match === null) throw new Error(`no chart ${id} in the page`);
  return match[0];
}

const dataMarks = (svg: string) => svg.match(/<(rect|circle)[^>]*\sdata-value="[^"]*"/g) ?? [];

describe('renderHtmlReport', () => {
  const figures = localRunFigures();
  const html = renderHtmlReport(figures);

  it('is one self-contained page: no script, no stylesheet link, nothing fetched from a URL', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const references = [...html.matchAll(/\s(?:src|href|xlink:href)\s*=\s*["']?([^"'\s>]*)/gi)];
    for (const [, value] of references) expect(value).toMatch(/^(data:|#)/);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`,
    );
  });

  it.each(CHART_IDS.map((id) => [id]))(
    'draws the %s chart, labelled for assistive technology',
    (id) => {
      const svg = chart(html, id);

      expect(svg).toMatch(/^<svg class="chart" data-chart="[a-z-]+" role="img" aria-label="[^"]+"/);
      expect(svg).toMatch(/<title>[^<]+<\/title>/);
    },
  );

  it('gives every chart one data mark per data point, each with its value and a tooltip', () => {
    for (const [id, expected] of Object.entries(expectedChartMarks(figures))) {
      const marks = chart(html, id).match(
        /<(rect|circle)[^>]*\sdata-value="-?[\d.]+"[^>]*><title>[^<]+<\/title><\/\1>/g,
      );

      expect([id, marks?.length]).toEqual([id, expected]);
    }
  });

  it('draws the bot ceiling as a dashed line and marks the flagged minutes', () => {
    const svg = chart(html, 'requests-per-minute');

    expect(svg).toMatch(/<line class="threshold" data-threshold="600"[^>]*stroke-dasharray="6 4"/);
    expect(svg.match(/class="bar flagged"/g)).toHaveLength(
      figures.analytics.suspectedBotMinutes.length,
    );
    expect(svg.match(/class="flag-marker"/g)).toHaveLength(5);
  });

  it('carries the values the charts draw', () => {
    const devices = chart(html, 'devices');
    const lag = chart(html, 'replication-lag');

    expect(devices).toContain('data-value="8412"><title>mobile: 8,412 accesses (42.06 %)</title>');
    expect(dataMarks(lag)[0]).toContain(`data-value="${figures.mirror.lagSeries[0]?.lagMs}"`);
  });

  it('lists every answer, alert and reconciled zone in tables', () => {
    for (const query of figures.analytics.queries) expect(html).toContain(`<h3>${query.name}</h3>`);
    for (const alert of figures.alerts.items)
      expect(html).toContain(`<td>${alert.subject.replace(/'/g, '&#39;')}</td>`);
    expect(html).toContain('<p class="result ok">reconcile S3 vs ADLS: no drift</p>');
    expect(html).toContain('… 1,');
  });

  it('judges the recommendations against the baseline in a table and a verdict', () => {
    expect(html).toContain('<h2>Recommendations, against the held-out next purchases</h2>');
    expect(html).toMatch(
      /<tr><td>all with a next order<\/td><td class="num">1,112<\/td><td class="num">561<\/td><td class="num">50\.4 %<\/td><td class="num">201<\/td><td class="num">18\.1 %<\/td><\/tr>/,
    );
    expect(html).toContain(
      '<p class="result ok">hit rate at 10: API 50.4 % · country best sellers 18.1 % · 2.79× the baseline (target ≥ 2×, met)</p>',
    );
    const missed = renderHtmlReport({
      ...figures,
      recommendations: { ...figures.recommendations!, ratio: 1.2 },
    });
    expect(missed).toContain('<p class="result drift">hit rate at 10: API 50.4 %');
    const unmeasured: LocalRunFigures = { ...figures, recommendations: undefined };
    expect(renderHtmlReport(unmeasured)).toContain(
      '<p class="muted">Not measured: this run did not ask the API for recommendations.</p>',
    );
  });

  it('escapes values from the data: a <script> in a URL stays text', () => {
    const hostile = '/x?q=<script>alert(1)</script>&a="b"';
    const tampered: LocalRunFigures = {
      ...figures,
      analytics: {
        ...figures.analytics,
        queries: figures.analytics.queries.map((query) =>
          query.name === 'most_used_devices'
            ? { ...query, rows: [{ ...query.rows[0], device_name: hostile }] }
            : query,
        ),
      },
      alerts: { sent: 1, items: [{ subject: hostile, source: 'aws.glue', summary: hostile }] },
    };

    const page = renderHtmlReport(tampered);

    expect(page).not.toContain('<script');
    expect(page).toContain('/x?q=&lt;script&gt;alert(1)&lt;/script&gt;&amp;a=&quot;b&quot;');
    expect(html).not.toContain(HOSTILE_PATH);
    expect(html).toContain('/search/&quot;&gt;&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;');
  });

  it('renders an empty run: every chart says "no data", nothing divides by zero', () => {
    const page = renderHtmlReport(emptyLocalRunFigures());

    for (const id of CHART_IDS) {
      const svg = chart(page, id);
      expect(svg).toContain('>no data</text>');
      expect(dataMarks(svg)).toHaveLength(0);
    }
    expect(page).not.toMatch(/NaN|Infinity/);
    expect(page).toContain('No alert was sent.');
  });

  it('draws a day without traffic without dividing by zero', () => {
    const quiet: LocalRunFigures = {
      ...figures,
      analytics: {
        ...figures.analytics,
        botThreshold: 0,
        requestsPerMinute: figures.analytics.requestsPerMinute.map((point) => ({
          ...point,
          requests: 0,
        })),
        suspectedBotMinutes: [],
      },
      mirror: { ...figures.mirror, lagSeries: [{ atSeconds: 0, lagMs: 0 }] },
    };

    const page = renderHtmlReport(quiet);

    expect(page).not.toMatch(/NaN|Infinity/);
    expect(dataMarks(chart(page, 'requests-per-minute'))).toHaveLength(1440);
    expect(dataMarks(chart(page, 'replication-lag'))).toHaveLength(1);
  });

  it('says drift when the mirror differs', () => {
    const page = renderHtmlReport({
      ...figures,
      reconcile: {
        drift: true,
        zones: [{ zone: 'raw', s3Objects: 3, adlsObjects: 2, missing: 1, extra: 0, different: 0 }],
      },
    });

    expect(page).toContain(
      '<p class="result drift">reconcile S3 vs ADLS: DRIFT · raw 1 missing, 0 extra, 0 different</p>',
    );
  });
});
