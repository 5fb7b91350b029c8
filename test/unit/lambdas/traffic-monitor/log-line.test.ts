import { combinedLine, commonLine } from '../../../../scripts/generate-data/web-logs';
import { readLogLine } from '../../../../lambdas/traffic-monitor/log-line';

describe('reading a wrapped web log line', () => {
  const line = (time: string, ip = '203.0.113.32') =>
    `${ip} - - [${time}] "GET /products/x HTTP/1.1" 200 12168 "https://shop.example.com/" "Mozilla/5.0"`;

  it('takes the client and the request time in UTC, honouring the offset', () => {
    expect(readLogLine(line('02/Mar/2026:00:02:36 +0000'))).toEqual({
      time: Date.UTC(2026, 2, 2, 0, 2, 36),
      client: '203.0.113.32',
    });
    expect(readLogLine(line('07/mar/2026:09:15:02 +0100', '2001:db8::1'))).toEqual({
      time: Date.UTC(2026, 2, 7, 8, 15, 2),
      client: '2001:db8::1',
    });
    expect(readLogLine(line('31/Dec/2025:23:30:00 -0130'))?.time).toBe(
      Date.UTC(2026, 0, 1, 1, 0, 0),
    );
  });

  it('reads a common log format line: a host-name client, local time at -0400', () => {
    const nasa =
      'unicomp6.unicomp.net - - [01/Jul/1995:00:00:02 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985';
    expect(readLogLine(nasa)).toEqual({
      time: Date.UTC(1995, 6, 1, 4, 0, 2),
      client: 'unicomp6.unicomp.net',
    });
    // 23:59 at -0400 is the next day in UTC; an upper-case name is the same client.
    expect(
      readLogLine(
        'PIWEBA3Y.Prodigy.EXAMPLE - - [30/Jun/1995:23:59:59 -0400] "GET /images/x.gif HTTP/1.0" 304 -',
      ),
    ).toEqual({ time: Date.UTC(1995, 6, 1, 3, 59, 59), client: 'piweba3y.prodigy.example' });
  });

  it('counts a line cut short after its time, as the streaming job places it', () => {
    expect(readLogLine('dial14.isp.example - - [02/Mar/2026:10:00:00 -0400] "GET /shut')).toEqual({
      time: Date.UTC(2026, 2, 2, 14, 0, 0),
      client: 'dial14.isp.example',
    });
  });

  it('refuses a clock that does not exist, an unknown month and a line without a time', () => {
    expect(readLogLine(line('30/Feb/2026:10:00:00 +0000'))).toBeUndefined();
    expect(readLogLine(line('02/Foo/2026:10:00:00 +0000'))).toBeUndefined();
    expect(readLogLine(line('02/Mar/2026:24:00:00 +0000'))).toBeUndefined();
    expect(readLogLine('203.0.113.32 - - "GET / HTTP/1.1" 200 1 "-" "-"')).toBeUndefined();
    // As the streaming job reads it: the first bracketed field is the time, or there is none.
    expect(readLogLine('1.2.3.4 - - [not a time] [02/Mar/2026:00:02:36 +0000]')).toBeUndefined();
  });
});

describe('the generator and the reader of log lines', () => {
  const request = {
    clientIp: '2001:db8::7',
    method: 'GET',
    url: '/',
    status: 200,
    bytesSent: 1,
    referrer: '-',
    userAgent: 'x',
  };

  it('agree: a line the generated day writes reads back to its client and its whole second', () => {
    for (let month = 0; month < 12; month += 1) {
      const at = Date.UTC(2026, month, 9, 23, 59, 58, 750);
      expect(readLogLine(combinedLine(request, at))).toEqual({
        time: at - 750,
        client: '2001:db8::7',
      });
    }
  });

  it("agree on the legacy server's lines too: a host name, local time at -0400", () => {
    const legacy = { ...request, clientIp: 'dialup-7.pop1.isp.example.net', bytesSent: 0 };
    // Just after midnight UTC is the evening before at -0400.
    for (const at of [Date.UTC(2026, 2, 2, 0, 0, 1, 500), Date.UTC(2026, 11, 31, 23, 59, 59)])
      expect(readLogLine(commonLine(legacy, at))).toEqual({
        time: at - (at % 1000),
        client: 'dialup-7.pop1.isp.example.net',
      });
  });
});
