import { count } from '../../../../../scripts/local-run/report/format';
import type { LocalRunFigures } from '../../../../../scripts/local-run/report/figures';
import {
  renderTerminalReport,
  shouldUseColor,
} from '../../../../../scripts/local-run/report/terminal';
import { emptyLocalRunFigures, localRunFigures } from '../../../../fixtures/local-run-figures';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('renderTerminalReport', () => {
  const figures = localRunFigures();
  const text = renderTerminalReport(figures, { width: 120, color: false });
  const lines = text.split('\n');

  it('opens with the run line', () => {
    expect(lines[0]).toBe(
      'hybrid-lake local run · environment dev · day 2026-03-14 · seed 42 · size small · 1 min 36 s',
    );
  });

  it('formats the figures of every section', () => {
    expect(text).toMatch(/access_events\s+24\s+20,000\s+6\.5 MiB\s+212\s+150/);
    expect(text).toContain('120 objects · 18.1 MiB · 2.9 MiB/s · 18.4 objects/s');
    expect(text).toContain(
      `lag p50 ${figures.mirror.lagMs.p50} ms · p95 ${figures.mirror.lagMs.p95} ms · max 1.7 s · dead-lettered 1`,
    );
    expect(text).toContain('Partitions registered: 121');
    expect(text).toMatch(/hybrid_lake_dev_raw\.access_events\s+24/);
    expect(text).toMatch(
      /hybrid-lake-dev-raw-to-clean\s+SUCCEEDED\s+14\.2 s\s+65,910\s+65,290\s+620/,
    );
    expect(text).toMatch(/hybrid-lake-dev-s3-to-adls\s+42\s+1\s+0\s+4\s+4\s+0\s+212 ms\s+1\.9 s/);
    expect(text).toContain('suspected bot minutes (ceiling 600/min): 5 · 13:05–13:09 (5 min)');
  });

  it('judges the recommendations against the baseline, overall and by activity on the day', () => {
    expect(text).toContain(
      '  hit rate at 10: API 50.4 % · country best sellers 18.1 % · 2.79× the baseline (target ≥ 2×, met)',
    );
    expect(text).toMatch(/all with a next order\s+1,112\s+561\s+50\.4 %\s+201\s+18\.1 %/);
    expect(text).toMatch(/active on the day\s+63\s+37\s+58\.7 %\s+7\s+11\.1 %/);
    expect(text).toMatch(/not active on the day\s+1,049\s+524\s+50\.0 %\s+194\s+18\.5 %/);
    expect(text).toContain(
      '  1,112 customers asked · answers personalised 1,049 · popular 63 · latency p50 11 ms · p99 63 ms',
    );
  });

  it('says when the recommendations missed the target, in red, or were not measured', () => {
    const missed: LocalRunFigures = {
      ...figures,
      recommendations: { ...figures.recommendations!, ratio: 1.5 },
    };
    const unmeasured: LocalRunFigures = { ...figures, recommendations: undefined };

    expect(renderTerminalReport(missed, { color: false })).toContain(
      '· 1.50× the baseline (target ≥ 2×, missed)',
    );
    expect(renderTerminalReport(missed, { color: true })).toContain(
      '\u001b[31mhit rate at 10: API 50.4 %',
    );
    expect(renderTerminalReport(unmeasured, { color: false })).toContain(
      'Not measured: this run did not ask the API for recommendations.',
    );
  });

  it('lists every alert subject', () => {
    expect(text).toContain('Alerts sent: 2');
    for (const alert of figures.alerts.items) expect(text).toContain(alert.subject);
  });

  it('answers every query with its description and its first rows, cutting long answers', () => {
    for (const query of figures.analytics.queries) {
      expect(text).toContain(`  ${query.name}  ${query.description}`);
      if (query.rows.length > 5) expect(text).toContain(`… ${count(query.rows.length - 5)} more`);
    }
    expect(text).toMatch(/mobile\s+handheld\s+8,412\s+1,935\s+11,036,544\s+42\.06/);
    expect(text).toMatch(/… 1,\d{3} more/); // requests_per_minute: over a thousand rows
  });

  it('ends with the reconcile result', () => {
    expect(lines.at(-1)).toBe('reconcile S3 vs ADLS: no drift');
  });

  it('reports drift with the counts of the zones that differ', () => {
    const drifting: LocalRunFigures = {
      ...figures,
      reconcile: {
        drift: true,
        zones: [
          { zone: 'raw', s3Objects: 97, adlsObjects: 96, missing: 2, extra: 1, different: 3 },
          { zone: 'curated', s3Objects: 24, adlsObjects: 24, missing: 0, extra: 0, different: 0 },
        ],
      },
    };

    const last = renderTerminalReport(drifting, { color: false }).split('\n').at(-1);

    expect(last).toBe('reconcile S3 vs ADLS: DRIFT · raw 2 missing, 1 extra, 3 different');
  });

  it('writes no colour codes when colour is off, and colours when asked', () => {
    expect(text).not.toMatch(ANSI);
    expect(renderTerminalReport(figures, { color: true })).toMatch(ANSI);
  });

  it('defaults to no colour when stdout is not a terminal, or NO_COLOR is set', () => {
    const isTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const noColor = process.env.NO_COLOR;
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
      expect(renderTerminalReport(figures)).not.toMatch(ANSI);

      Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
      process.env.NO_COLOR = '1';
      expect(renderTerminalReport(figures)).not.toMatch(ANSI);
      delete process.env.NO_COLOR;
      expect(renderTerminalReport(figures)).toMatch(ANSI);
    } finally {
      if (isTTY) Object.defineProperty(process.stdout, 'isTTY', isTTY);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
      if (noColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = noColor;
    }
  });

  it('renders a run that produced nothing', () => {
    const empty = renderTerminalReport(emptyLocalRunFigures(), { color: false });

    expect(empty).toContain('Alerts sent: 0');
    expect(empty).toContain('no ratio (the baseline hit nothing) (target ≥ 2×, missed)');
    expect(empty).not.toMatch(/NaN|Infinity/);
    expect(empty).toContain('suspected bot minutes (ceiling 600/min): 0');
    expect(empty.split('\n').at(-1)).toBe('reconcile S3 vs ADLS: no drift');
  });
});

describe('shouldUseColor', () => {
  it('colours a terminal unless NO_COLOR is set, and never a pipe or file', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });
});
