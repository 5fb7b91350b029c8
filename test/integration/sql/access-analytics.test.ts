import { useLocalCloud } from '../../fixtures/localcloud';
import { contentTypeByRegion, mostUsedDevices, peakHours, peakMinutes } from './expected-answers';
import { utcDay } from './rfm-reference';
import { DAYS, FIRST_DAY, generateDataset } from './warehouse-dataset';
import { buildWarehouse, runQuery, type LocalWarehouse } from './warehouse-lake';

// The queries only read: one warehouse, loaded once, serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const dataset = generateDataset();
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(cloud(), dataset, DAYS);
});

describe('access analytics (sql/queries) over two loaded days', () => {
  it('peak_hours ranks the hours of the day by accesses', async () => {
    // Act
    const rows = await runQuery(warehouse, 'peak_hours');

    // Assert
    expect(rows).toEqual(peakHours(dataset.accessEvents, 24));
    expect(rows[0]?.hour_of_day).toBe(20);
  });

  it('peak_minutes returns the top minutes, limited to the requested days', async () => {
    // Act
    const all = await runQuery(warehouse, 'peak_minutes', { top_n: '3' });
    const firstDay = await runQuery(warehouse, 'peak_minutes', {
      from_date: FIRST_DAY,
      to_date: FIRST_DAY,
    });

    // Assert
    expect(all).toEqual(peakMinutes(dataset.accessEvents, 3));
    expect(all[0]).toMatchObject({ access_minute: `${FIRST_DAY} 20:15:00`, minute_rank: 1 });
    const firstDayEvents = dataset.accessEvents.filter((e) => utcDay(e.event_time) === FIRST_DAY);
    expect(firstDay).toEqual(peakMinutes(firstDayEvents, 10));
  });

  it('most_used_devices counts accesses, users, watch time and share per device', async () => {
    // Act
    const rows = await runQuery(warehouse, 'most_used_devices');

    // Assert
    expect(rows).toEqual(mostUsedDevices(dataset.accessEvents));
    expect(rows.map((row) => row.device_name)).toContain('unknown');
  });

  it('content_type_by_region ranks content types within each country', async () => {
    // Act
    const rows = await runQuery(warehouse, 'content_type_by_region');

    // Assert
    expect(rows).toEqual(contentTypeByRegion(dataset.accessEvents));
  });
});
