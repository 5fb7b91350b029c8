/**
 * The classic web-log questions (sql/queries) on a dozen hand-made requests, in the style of the
 * NASA logs of July 1995: host-name and address clients, sizes unknown (`-`), assets in upper
 * case, a session across midnight. Every expected row is written out by hand.
 */
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  MIGRATIONS_DIRECTORY,
  openWarehouse,
  runQuery,
  type LocalWarehouse,
} from './warehouse-lake';

const cloud = useLocalCloud({}, { resetBeforeEach: false });
const [DAY_ONE, DAY_TWO] = ['1995-07-01', '1995-07-02'] as const;
const NAME = 'unicomp6.unicomp.net';
const ADDRESS = '199.72.81.55';
const IPV6 = '2001:db8::1';

/** [time (UTC), client, method, url, status, bytes (null: logged as `-`)]. */
const REQUESTS: readonly [string, string, string, string, number, number | null][] = [
  [`${DAY_ONE} 04:00:02`, NAME, 'GET', '/shuttle/countdown/', 200, 3985],
  [`${DAY_ONE} 04:00:09`, NAME, 'GET', '/shuttle/countdown/count.gif', 200, 40310],
  [`${DAY_ONE} 04:10:00`, NAME, 'GET', '/shuttle/countdown/', 304, null],
  // 30 minutes and 1 second after the last request: a new session.
  [`${DAY_ONE} 04:40:01`, NAME, 'GET', '/history/apollo/', 200, 6245],
  // 30 minutes exactly: the same session.
  [`${DAY_ONE} 05:10:01`, NAME, 'GET', '/history/apollo/', 404, null],
  [`${DAY_ONE} 04:30:00`, ADDRESS, 'GET', '/history/apollo/', 200, 6245],
  [`${DAY_ONE} 04:30:00`, ADDRESS, 'GET', '/images/NASA-logosmall.GIF', 200, 786],
  [`${DAY_ONE} 04:31:00`, ADDRESS, 'GET', '/search?q=apollo', 200, 1500],
  [`${DAY_ONE} 23:50:00`, ADDRESS, 'HEAD', '/', 200, null],
  [`${DAY_TWO} 00:05:00`, IPV6, 'POST', '/cgi-bin/imagemap', 500, 120],
  [`${DAY_TWO} 00:06:00`, IPV6, 'GET', '/favicon.ico', 404, 209],
  // 30 minutes after 23:50 the day before: the session started on day one.
  [`${DAY_TWO} 00:20:00`, ADDRESS, 'GET', '/history/apollo/', 301, null],
];

let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = openWarehouse(cloud());
  await migrate(warehouse.session, loadMigrations(MIGRATIONS_DIRECTORY));
  const text = (value: string) => `'${value.replace(/'/g, "''")}'`;
  await warehouse.session.batch([
    `INSERT INTO dw.dim_date VALUES ('${DAY_ONE}', 1995, 3, 7, 1, 6, TRUE), ('${DAY_TWO}', 1995, 3, 7, 2, 0, TRUE)`,
    `INSERT INTO dw.fact_web_request (request_time, request_date, request_id, client_ip, method, url, page_path, status, bytes_sent) VALUES ${REQUESTS.map(
      ([time, client, method, url, status, bytes], index) =>
        `(${text(time)}, ${text(time.slice(0, 10))}, 'r${index}', ${text(client)}, ${text(method)}, ${text(url)}, ${text(url.split('?')[0]!)}, ${status}, ${bytes ?? 'NULL'})`,
    ).join(', ')}`,
  ]);
});

describe('the classic web-log questions on hand-made requests', () => {
  it('most_visited_pages counts successful GETs of pages, not assets (whatever their case)', async () => {
    // Act
    const pages = await runQuery(warehouse, 'most_visited_pages');
    const withAssets = await runQuery(warehouse, 'most_visited_pages', { static_assets: '^$' });

    // Assert
    expect(pages).toEqual([
      { page_path: '/history/apollo/', page_views: 3, unique_visitors: 2, page_rank: 1 },
      { page_path: '/shuttle/countdown/', page_views: 2, unique_visitors: 1, page_rank: 2 },
      { page_path: '/search', page_views: 1, unique_visitors: 1, page_rank: 3 },
    ]);
    expect(withAssets.map((row) => [row.page_path, row.page_rank])).toEqual([
      ['/history/apollo/', 1],
      ['/shuttle/countdown/', 2],
      ['/images/NASA-logosmall.GIF', 3],
      ['/search', 3],
      ['/shuttle/countdown/count.gif', 3],
    ]);
  });

  it('web_peak_hours ranks the hours of the day (UTC) by every request', async () => {
    // Act
    const hours = await runQuery(warehouse, 'web_peak_hours');
    const top = await runQuery(warehouse, 'web_peak_hours', { top_n: '2', from_date: DAY_ONE });

    // Assert
    expect(hours).toEqual([
      { hour_of_day: 4, requests: 7, distinct_clients: 2, share_percent: '58.33', hour_rank: 1 },
      { hour_of_day: 0, requests: 3, distinct_clients: 2, share_percent: '25.00', hour_rank: 2 },
      { hour_of_day: 5, requests: 1, distinct_clients: 1, share_percent: '8.33', hour_rank: 3 },
      { hour_of_day: 23, requests: 1, distinct_clients: 1, share_percent: '8.33', hour_rank: 3 },
    ]);
    expect(top.map((row) => row.hour_of_day)).toEqual([4, 0]);
  });

  it('web_status_mix gives each status under its class, with counts and shares of all requests', async () => {
    // Act
    const mix = await runQuery(warehouse, 'web_status_mix');
    const top = await runQuery(warehouse, 'web_status_mix', { top_n: '2' });

    // Assert
    const row = (
      statusClass: string,
      classRequests: number,
      classShare: string,
      status: number,
      requests: number,
      share: string,
      rank: number,
    ) => ({
      status_class: statusClass,
      class_requests: classRequests,
      class_share_percent: classShare,
      status,
      requests,
      share_percent: share,
      status_rank: rank,
    });
    expect(mix).toEqual([
      row('2xx', 7, '58.33', 200, 7, '58.33', 1),
      row('3xx', 2, '16.67', 301, 1, '8.33', 3),
      row('3xx', 2, '16.67', 304, 1, '8.33', 3),
      row('4xx', 2, '16.67', 404, 2, '16.67', 2),
      row('5xx', 1, '8.33', 500, 1, '8.33', 3),
    ]);
    // The classes still count every status when only the top ones are listed.
    expect(top).toEqual([
      row('2xx', 7, '58.33', 200, 7, '58.33', 1),
      row('4xx', 2, '16.67', 404, 2, '16.67', 2),
    ]);
  });

  it('bytes_served sums the known sizes per page and counts unknown ones apart, never as 0', async () => {
    // Act
    const pages = await runQuery(warehouse, 'bytes_served');

    // Assert
    const page = (
      path: string,
      requests: number,
      unknown: number,
      bytes: number | null,
      share: string | null,
      rank: number,
    ) => ({
      page_path: path,
      requests,
      unknown_size_requests: unknown,
      bytes_served: bytes,
      share_percent: share,
      all_bytes_served: 59400,
      all_unknown_size_requests: 4,
      bytes_rank: rank,
    });
    expect(pages).toEqual([
      page('/shuttle/countdown/count.gif', 1, 0, 40310, '67.86', 1),
      page('/history/apollo/', 4, 2, 12490, '21.03', 2),
      page('/shuttle/countdown/', 2, 1, 3985, '6.71', 3),
      page('/search', 1, 0, 1500, '2.53', 4),
      page('/images/NASA-logosmall.GIF', 1, 0, 786, '1.32', 5),
      page('/favicon.ico', 1, 0, 209, '0.35', 6),
      page('/cgi-bin/imagemap', 1, 0, 120, '0.20', 7),
      page('/', 1, 1, null, null, 8),
    ]);
  });

  it('web_sessions splits each client after more than the gap, and dates a session by its start', async () => {
    // Act
    const sessions = await runQuery(warehouse, 'web_sessions');
    const hourGap = await runQuery(warehouse, 'web_sessions', { session_gap_minutes: '60' });
    const dayTwo = await runQuery(warehouse, 'web_sessions', {
      from_date: DAY_TWO,
      to_date: DAY_TWO,
    });

    // Assert
    const day = (
      date: string,
      count: number,
      clients: number,
      duration: string,
      requests: string,
      pages: string,
    ) => ({
      session_date: date,
      sessions: count,
      clients,
      mean_duration_seconds: duration,
      requests_per_session: requests,
      pages_per_session: pages,
    });
    // Day one: 04:00:02–04:10:00 and 04:40:01–05:10:01 for the name, 04:30:00–04:31:00 and
    // 23:50:00–00:20:00 for the address: 598, 1800, 60 and 1800 seconds.
    expect(sessions).toEqual([
      day(DAY_ONE, 4, 2, '1064.50', '2.50', '1.50'),
      day(DAY_TWO, 1, 1, '60.00', '2.00', '0.00'),
    ]);
    expect(hourGap).toEqual([
      day(DAY_ONE, 3, 2, '2019.67', '3.33', '2.00'),
      day(DAY_TWO, 1, 1, '60.00', '2.00', '0.00'),
    ]);
    // Requests before the chosen days are not read: the address's 00:20 opens a session.
    expect(dayTwo).toEqual([day(DAY_TWO, 2, 2, '30.00', '1.50', '0.50')]);
  });
});
