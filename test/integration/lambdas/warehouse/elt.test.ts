import { runElt } from '../../../../lambdas/shared/warehouse/elt';
import { EltInputError, EltStepError } from '../../../../lambdas/shared/warehouse/errors';
import { loadMigrations, migrate } from '../../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  DAILY_EVENTS_TRANSFORM,
  ELT_MIGRATIONS,
  EVENTS_LOAD,
  LOCAL_VARIABLES,
  putEvents,
  warehouseSession,
} from './warehouse-fixtures';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const cloud = useLocalCloud();
const sql = useSqlFolder();

const DAY = '2024-05-01';
const DAY_PATH = 'year=2024/month=05/day=01';
const EVENTS = [
  { user_id: 'u1', event_time: '2024-05-01 08:00:00', country: 'DE' },
  { user_id: 'u2', event_time: '2024-05-01 09:30:00', country: 'DE' },
  { user_id: 'u3', event_time: '2024-05-01 23:59:59', country: 'FR' },
];

async function deployWarehouse(files: Record<string, string> = {}) {
  sql().write({
    ...ELT_MIGRATIONS,
    'loads/01_events.sql': EVENTS_LOAD,
    'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
    ...files,
  });
  const session = warehouseSession(cloud());
  await migrate(session, loadMigrations(`${sql().root}/migrations`));
  return session;
}

const facts = (session: ReturnType<typeof warehouseSession>) =>
  session.query(
    'SELECT CAST(event_date AS VARCHAR) AS day, country, events FROM dw.fact_daily_events ORDER BY country',
  );

describe('runElt against the local Data API and S3', () => {
  it('loads the day with placeholders replaced and builds the facts', async () => {
    const session = await deployWarehouse();
    await putEvents(cloud(), DAY_PATH, EVENTS);

    const report = await runElt(session, {
      sqlDirectory: sql().root,
      day: DAY,
      variables: LOCAL_VARIABLES,
    });

    expect(report.ran).toEqual(['loads/01_events.sql', 'transforms/01_daily_events.sql']);
    expect(report.skipped).toEqual([]);
    // 3 rows copied (the DELETE of an empty staging table affects none), 2 fact rows inserted.
    expect(report.files.map((file) => [file.file, file.rowsAffected])).toEqual([
      ['loads/01_events.sql', 3],
      ['transforms/01_daily_events.sql', 2],
    ]);
    expect(await facts(session)).toEqual([
      { day: DAY, country: 'DE', events: 2 },
      { day: DAY, country: 'FR', events: 1 },
    ]);
  });

  it('does not duplicate facts when the same day runs again', async () => {
    const session = await deployWarehouse();
    await putEvents(cloud(), DAY_PATH, EVENTS);
    const options = { sqlDirectory: sql().root, day: DAY, variables: LOCAL_VARIABLES };
    await runElt(session, options);

    await runElt(session, options);

    expect(await facts(session)).toEqual([
      { day: DAY, country: 'DE', events: 2 },
      { day: DAY, country: 'FR', events: 1 },
    ]);
    const staged = await session.query('SELECT COUNT(*) AS n FROM staging.events');
    expect(staged[0]?.n).toBe(EVENTS.length);
  });

  it('reports a load as skipped when the day has no files, and empties its staging table', async () => {
    const session = await deployWarehouse();
    await putEvents(cloud(), DAY_PATH, EVENTS);
    await runElt(session, { sqlDirectory: sql().root, day: DAY, variables: LOCAL_VARIABLES });

    const report = await runElt(session, {
      sqlDirectory: sql().root,
      day: '2024-05-02',
      variables: LOCAL_VARIABLES,
    });

    expect(report.skipped).toEqual(['loads/01_events.sql']);
    expect(report.files[0]).toMatchObject({
      status: 'skipped',
      reason: "The specified S3 prefix 'events/year=2024/month=05/day=02/' does not exist",
      rowsAffected: EVENTS.length,
    });
    expect(report.ran).toEqual(['transforms/01_daily_events.sql']);
    const staged = await session.query('SELECT COUNT(*) AS n FROM staging.events');
    expect(staged[0]?.n).toBe(0);
    expect(await facts(session)).toHaveLength(2);
  });

  it('refuses an unknown placeholder before any statement runs', async () => {
    const session = await deployWarehouse({
      'loads/02_raw.sql': "COPY staging.events FROM 's3://{{RAW_BUCKET}}/events/' {{COPY_FORMAT}};",
    });
    await putEvents(cloud(), DAY_PATH, EVENTS);
    expect(cloud().requests.total('redshiftData')).toBeGreaterThan(0);
    cloud().requests.clear();

    const run = runElt(session, { sqlDirectory: sql().root, day: DAY, variables: LOCAL_VARIABLES });

    await expect(run).rejects.toBeInstanceOf(EltInputError);
    await expect(run).rejects.toThrow('loads/02_raw.sql: unknown placeholder {{RAW_BUCKET}}');
    expect(cloud().requests.total('redshiftData')).toBe(0);
  });

  it('stops at a failing transform, naming the file and what completed', async () => {
    const session = await deployWarehouse({
      'transforms/02_broken.sql': 'INSERT INTO dw.nowhere SELECT * FROM staging.events;',
    });
    await putEvents(cloud(), DAY_PATH, EVENTS);

    const run = runElt(session, { sqlDirectory: sql().root, day: DAY, variables: LOCAL_VARIABLES });

    await expect(run).rejects.toBeInstanceOf(EltStepError);
    await expect(run).rejects.toMatchObject({
      file: 'transforms/02_broken.sql',
      completed: ['loads/01_events.sql', 'transforms/01_daily_events.sql'],
    });
  });
});
