import { useLocalCloud } from '../../fixtures/localcloud';
import {
  accessCountByIp,
  bytesServed,
  isStaticAsset,
  mostVisitedPages,
  requestsPerMinute,
  sqlTimestamp,
  webPeakHours,
  webSessions,
  webStatusMix,
} from './expected-answers';
import { suspiciousMinutes, type BotParameters } from './expected-bot-minutes';
import { DAYS, generateDataset } from './warehouse-dataset';
import { buildWarehouse, runQuery, type LocalWarehouse } from './warehouse-lake';

// The queries only read: one warehouse, loaded once, serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const dataset = generateDataset();
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(cloud(), dataset, DAYS);
});

/** A rounded DECIMAL(12,2) from the engine against the exact value. */
function expectRounded(actual: unknown, exact: number): void {
  expect(Math.abs(Number(actual) - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
}

describe('web analytics (sql/queries) over two loaded days', () => {
  it('access_count_by_ip ranks clients by requests, with pages, errors and first/last seen', async () => {
    // Act
    const top = await runQuery(warehouse, 'access_count_by_ip', { top_n: '5' });
    const busy = await runQuery(warehouse, 'access_count_by_ip', { min_requests: '40' });

    // Assert
    expect(top).toEqual(accessCountByIp(dataset.webLogs, 1, 5));
    expect(top[0]?.client_ip).toBe('203.0.113.66');
    expect(busy).toEqual(accessCountByIp(dataset.webLogs, 40, 50));
  });

  it('most_visited_pages ranks paths by successful GETs, query strings removed, assets left out', async () => {
    // Act
    const rows = await runQuery(warehouse, 'most_visited_pages');

    // Assert
    expect(rows).toEqual(mostVisitedPages(dataset.webLogs, 20));
    expect(rows.some((row) => String(row.page_path).includes('?'))).toBe(false);
    expect(rows.some((row) => isStaticAsset(String(row.page_path)))).toBe(false);
    expect(dataset.webLogs.some((log) => isStaticAsset(log.url))).toBe(true);
  });

  it('web_peak_hours ranks the hours of the day by requests', async () => {
    // Act
    const rows = await runQuery(warehouse, 'web_peak_hours');
    const top = await runQuery(warehouse, 'web_peak_hours', { top_n: '3' });

    // Assert
    expect(rows).toEqual(webPeakHours(dataset.webLogs, 24));
    expect(top).toEqual(webPeakHours(dataset.webLogs, 3));
  });

  it('web_status_mix gives every status under its class, with requests and shares', async () => {
    // Act
    const rows = await runQuery(warehouse, 'web_status_mix');

    // Assert
    expect(rows).toEqual(webStatusMix(dataset.webLogs, 20));
    expect(new Set(rows.map((row) => row.status_class))).toEqual(
      new Set(['2xx', '3xx', '4xx', '5xx']),
    );
  });

  it('bytes_served sums known sizes per page, unknown ones counted apart', async () => {
    // Act
    const rows = await runQuery(warehouse, 'bytes_served', { top_n: '100' });

    // Assert
    expect(rows).toEqual(bytesServed(dataset.webLogs, 100));
    expect(Number(rows[0]?.all_unknown_size_requests)).toBeGreaterThan(0);
  });

  it('web_sessions counts sessions per day for any gap', async () => {
    // Act
    const thirty = await runQuery(warehouse, 'web_sessions');
    const five = await runQuery(warehouse, 'web_sessions', { session_gap_minutes: '5' });

    // Assert
    expect(thirty).toEqual(webSessions(dataset.webLogs, 30));
    expect(five).toEqual(webSessions(dataset.webLogs, 5));
    expect(Number(five[0]?.sessions)).toBeGreaterThan(Number(thirty[0]?.sessions));
  });

  it('requests_per_minute counts requests and distinct clients per UTC minute, in time order', async () => {
    // Act
    const rows = await runQuery(warehouse, 'requests_per_minute');

    // Assert
    expect(rows).toEqual(requestsPerMinute(dataset.webLogs));
  });

  it('bot_suspicion flags the injected bursts and no quiet minute', async () => {
    // Arrange
    const parameters: BotParameters = {
      maxRequestsPerMinute: 40,
      trailingMinutes: 30,
      poissonZ: 4.75,
      minRequests: 20,
    };

    // Act
    const rows = await runQuery(warehouse, 'bot_suspicion', {
      max_requests_per_minute: String(parameters.maxRequestsPerMinute),
      trailing_minutes: String(parameters.trailingMinutes),
      poisson_z: String(parameters.poissonZ),
      min_requests: String(parameters.minRequests),
    });

    // Assert
    const expected = suspiciousMinutes(dataset.webLogs, parameters);
    expect(
      rows.map((row) => [row.request_minute, row.requests, row.distinct_clients, row.reason]),
    ).toEqual(
      expected.map((m) => [sqlTimestamp(m.minute), m.requests, m.distinctClients, m.reason]),
    );
    expected.forEach((minute, index) => {
      expectRounded(rows[index]?.trailing_rate, minute.trailingRate);
      expectRounded(rows[index]?.poisson_z, minute.poissonZ ?? Number.NaN);
    });
    // The injected bursts, whatever the formula: the first also breaks the ceiling.
    expect(rows.map((row) => row.request_minute)).toEqual(
      dataset.bursts.map((burst) => sqlTimestamp(burst.minute)),
    );
    expect(rows.map((row) => row.reason)).toEqual(['ceiling_and_spike', 'spike']);
  });

  it('bot_suspicion flags nothing when the bursts are outside the requested days', async () => {
    // Act
    const rows = await runQuery(warehouse, 'bot_suspicion', {
      from_date: DAYS[1],
      to_date: DAYS[1],
      max_requests_per_minute: '40',
      trailing_minutes: '30',
    });

    // Assert
    expect(rows).toEqual([]);
  });
});
