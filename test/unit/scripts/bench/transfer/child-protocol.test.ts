import {
  ChildReportError,
  parseChildReport,
} from '../../../../../scripts/bench/transfer/child-protocol';

const report = {
  durationMs: 12.5,
  maxRssKiB: 2048,
  peakRssKiB: 1024,
  rssBeforeCopyKiB: 900,
  bytes: 16,
};

describe('parseChildReport', () => {
  it('takes the last JSON line, ignoring anything printed before it', () => {
    const stdout = `some warning\n{"not":"this"}\n${JSON.stringify(report)}\n\n`;

    expect(parseChildReport(stdout)).toEqual(report);
  });

  it('refuses output without a report', () => {
    expect(() => parseChildReport('nothing here\n')).toThrow(ChildReportError);
    expect(() => parseChildReport('nothing here\n')).toThrow(/No JSON report/);
  });

  it('refuses a report that is not JSON', () => {
    expect(() => parseChildReport('{durationMs: 1}')).toThrow(/not JSON/);
  });

  it('names a missing figure', () => {
    const partial = Object.fromEntries(
      Object.entries(report).filter(([field]) => field !== 'durationMs'),
    );

    expect(() => parseChildReport(JSON.stringify(partial))).toThrow(/no number "durationMs"/);
  });
});
