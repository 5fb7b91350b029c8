import { ListStatementsCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type * as EltHandlerModule from '../../../../lambdas/warehouse-elt/handler';
import type * as MigrationsHandlerModule from '../../../../lambdas/warehouse-migrations/handler';
import { customResourceRequest, glueJobStateChange } from '../../../fixtures/events/warehouse';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  CLEAN_BUCKET,
  CURATED_BUCKET,
  DAILY_EVENTS_TRANSFORM,
  ELT_CATCH_UP_SQL,
  ELT_MIGRATIONS,
  EVENTS_LOAD,
  TARGET,
  createTestWorkgroup,
  putEvents,
  warehouseSession,
} from './warehouse-fixtures';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const cloud = useLocalCloud();
const sql = useSqlFolder();

/** What the stack sets: the namespace's admin secret, which Redshift creates and names. */
const ADMIN_SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:redshift!hybrid-lake-test-warehouse_admin-AbC123';

/** Loads a handler module afresh with the environment the CDK stack would set. */
function loadHandler<T extends object>(path: string, environment: Record<string, string>): T {
  Object.assign(process.env, cloud().env, environment, {
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<T>(path);
  });
  return loaded!;
}

describe('warehouse handlers, configured only by their environment', () => {
  const saved = { ...process.env };
  beforeEach(() => createTestWorkgroup(cloud()));
  afterEach(() => {
    process.env = { ...saved };
  });

  const warehouseEnvironment = () => ({
    WAREHOUSE_WORKGROUP: TARGET.workgroupName,
    WAREHOUSE_DATABASE: TARGET.database,
    SQL_DIRECTORY: sql().root,
  });

  /** What the ELT function is deployed with, pointed at the local buckets. */
  const eltEnvironment = () => ({
    ...warehouseEnvironment(),
    CLEAN_BUCKET,
    CURATED_BUCKET,
    COPY_ROLE_ARN: 'arn:aws:iam::000000000000:role/warehouse-copy',
    COPY_FORMAT: 'json',
    ML_ROLE_ARN: 'arn:aws:iam::000000000000:role/warehouse-ml',
    ML_BUCKET: 'warehouse-ml',
    ML_KMS_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/ml',
  });

  const migrationsEnvironment = () => ({
    ...warehouseEnvironment(),
    WAREHOUSE_SECRET_ARN: ADMIN_SECRET_ARN,
  });

  /** The migrations function, run as the deploy's custom resource runs it. */
  const applyMigrations = async () => {
    const migrations = loadHandler<typeof MigrationsHandlerModule>(
      '../../../../lambdas/warehouse-migrations/handler',
      migrationsEnvironment(),
    );
    await migrations.handler(customResourceRequest('Create'));
  };

  it('migrations: Create applies the migrations, Update applies only new ones', async () => {
    sql().write(ELT_MIGRATIONS);
    const { handler } = loadHandler<typeof MigrationsHandlerModule>(
      '../../../../lambdas/warehouse-migrations/handler',
      migrationsEnvironment(),
    );

    const created = await handler(customResourceRequest('Create'));
    sql().write({ 'migrations/V003__audit.sql': 'CREATE TABLE dw.audit (note VARCHAR(64));' });
    const updated = await handler(customResourceRequest('Update'));

    expect(created).toEqual({
      PhysicalResourceId: 'warehouse-migrations',
      Data: { LatestVersion: '002', Applied: 'V001__schemas,V002__tables' },
    });
    expect(updated).toEqual({
      PhysicalResourceId: 'warehouse-migrations',
      Data: { LatestVersion: '003', Applied: 'V003__audit' },
    });
  });

  it('migrations: every statement connects as the admin secret; the ELT as its own identity', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      'loads/01_events.sql': EVENTS_LOAD,
      'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
    });
    await applyMigrations();
    const elt = loadHandler<typeof EltHandlerModule>('../../../../lambdas/warehouse-elt/handler', {
      ...eltEnvironment(),
    });
    await elt.handler({ day: '2024-05-01' });

    const client = new RedshiftDataClient(cloud().clientConfig);
    const listed = await client.send(new ListStatementsCommand({ MaxResults: 100 }));
    const secretsBy = (prefix: string) =>
      new Set(
        (listed.Statements ?? [])
          .filter((statement) => statement.StatementName?.startsWith(prefix))
          .map((statement) => statement.SecretArn ?? 'iam-identity'),
      );
    expect(secretsBy('warehouse-migrations')).toEqual(new Set([ADMIN_SECRET_ARN]));
    expect(secretsBy('warehouse-elt')).toEqual(new Set(['iam-identity']));
  });

  it('migrations: a missing WAREHOUSE_SECRET_ARN stops the function at cold start', () => {
    expect(() =>
      loadHandler<typeof MigrationsHandlerModule>(
        '../../../../lambdas/warehouse-migrations/handler',
        warehouseEnvironment(),
      ),
    ).toThrow(/WAREHOUSE_SECRET_ARN is required/);
  });

  it('elt: a Glue success loads the previous day; a manual run loads the given day', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      ...ELT_CATCH_UP_SQL,
      'loads/01_events.sql': EVENTS_LOAD,
      'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
    });
    const session = warehouseSession(cloud());
    await applyMigrations();
    await putEvents(cloud(), 'year=2024/month=05/day=01', [
      { user_id: 'u1', event_time: '2024-05-01 10:00:00', country: 'PT' },
    ]);
    await putEvents(cloud(), 'year=2024/month=04/day=30', [
      { user_id: 'u2', event_time: '2024-04-30 10:00:00', country: 'ES' },
    ]);
    const { handler } = loadHandler<typeof EltHandlerModule>(
      '../../../../lambdas/warehouse-elt/handler',
      {
        ...eltEnvironment(),
      },
    );

    const nightly = await handler(glueJobStateChange('SUCCEEDED', '2024-05-02T01:17:45Z'));
    const manual = await handler({ day: '2024-04-30' });
    const nextNight = await handler(glueJobStateChange('SUCCEEDED', '2024-05-03T01:17:45Z'));
    const failedJob = await handler(glueJobStateChange('FAILED'));

    // The first nightly run catches up its whole window: 90 days up to its own.
    expect(nightly).toMatchObject({
      status: 'ran',
      report: { day: '2024-05-01', fromDay: '2024-02-02', skipped: [] },
    });
    expect(manual).toMatchObject({ status: 'ran', report: { day: '2024-04-30', skipped: [] } });
    // The next night finds its window loaded: it loads its own day (no files) only.
    expect(nextNight).toMatchObject({
      status: 'ran',
      report: { day: '2024-05-02', fromDay: '2024-05-02', skipped: ['loads/01_events.sql'] },
    });
    expect(failedJob).toEqual({
      status: 'ignored',
      reason: 'job hybrid-lake-dev-curate ended FAILED',
    });
    expect(
      await session.query(
        'SELECT CAST(event_date AS VARCHAR) AS day, country, events FROM dw.fact_daily_events ORDER BY event_date',
      ),
    ).toEqual([
      { day: '2024-04-30', country: 'ES', events: 1 },
      { day: '2024-05-01', country: 'PT', events: 1 },
    ]);
  });

  it('elt: a catch-up that fails on a file loads the night alone, reports why, and leaves its days unrecorded', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      ...ELT_CATCH_UP_SQL,
      'loads/01_events.sql': EVENTS_LOAD.replace('{{DAY_PATH}}', '{{PARTITION_PATH}}'),
      'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
    });
    await applyMigrations();
    await putEvents(cloud(), 'year=2024/month=05/day=01', [
      { user_id: 'u1', event_time: '2024-05-01 10:00:00', country: 'PT' },
    ]);
    // A file of the window's history that COPY cannot read (not a missing path).
    await new S3Client(cloud().clientConfig).send(
      new PutObjectCommand({
        Bucket: CLEAN_BUCKET,
        Key: 'events/year=2024/month=03/day=10/part-00000.json',
        Body: '{"user_id": "u9", "event_time": ',
      }),
    );
    const { handler } = loadHandler<typeof EltHandlerModule>(
      '../../../../lambdas/warehouse-elt/handler',
      eltEnvironment(),
    );

    const night = await handler(glueJobStateChange('SUCCEEDED', '2024-05-02T01:17:45Z'));

    expect(night).toMatchObject({
      status: 'ran',
      report: { day: '2024-05-01', fromDay: '2024-05-01', skipped: [] },
      catchUp: { fromDay: '2024-02-02', error: expect.stringContaining('loads/01_events.sql') },
    });
    const session = warehouseSession(cloud());
    expect(
      await session.query(
        'SELECT CAST(event_date AS VARCHAR) AS day, events FROM dw.fact_daily_events',
      ),
    ).toEqual([{ day: '2024-05-01', events: 1 }]);
    // Only the night is recorded: the next night tries the catch-up again.
    expect(
      await session.query(
        'SELECT CAST(from_date AS VARCHAR) AS from_date, CAST(to_date AS VARCHAR) AS to_date FROM dw.elt_loaded_range',
      ),
    ).toEqual([{ from_date: '2024-05-01', to_date: '2024-05-01' }]);
  });

  it('elt: trains a model that is missing, keeps it on the next days, and retrains it on the nightly Sunday run only', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      ...ELT_CATCH_UP_SQL,
      'loads/01_events.sql': EVENTS_LOAD,
      'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
      'models/events.sql': `DROP MODEL IF EXISTS dw.event_groups;
CREATE MODEL dw.event_groups
FROM (SELECT events, events * 2 AS twice FROM dw.fact_daily_events)
FUNCTION event_group
IAM_ROLE '{{ML_ROLE_ARN}}'
AUTO OFF
MODEL_TYPE KMEANS
PREPROCESSORS 'none'
HYPERPARAMETERS DEFAULT EXCEPT (K '1')
SETTINGS (S3_BUCKET '{{ML_BUCKET}}', KMS_KEY_ID '{{ML_KMS_KEY_ID}}');`,
    });
    await applyMigrations();
    const days = ['2024-05-01', '2024-05-02', '2024-05-05'];
    for (const day of days)
      await putEvents(cloud(), `year=2024/month=05/day=${day.slice(8)}`, [
        { user_id: 'u1', event_time: `${day} 10:00:00`, country: 'PT' },
      ]);
    const { handler } = loadHandler<typeof EltHandlerModule>(
      '../../../../lambdas/warehouse-elt/handler',
      eltEnvironment(),
    );

    // 2024-05-01 is a Wednesday, 2024-05-05 a Sunday: loaded by hand (a backfill), then by the
    // nightly job, whose run retrains.
    const runs = [
      await handler({ day: '2024-05-01' }),
      await handler({ day: '2024-05-02' }),
      await handler({ day: '2024-05-05' }),
      await handler(glueJobStateChange('SUCCEEDED', '2024-05-06T01:17:45Z')),
    ];

    expect(runs.map((run) => (run.status === 'ran' ? run.models : run))).toEqual(
      (
        [
          ['trained', 'ABSENT'],
          ['kept', 'READY'],
          ['kept', 'READY'],
          ['trained', 'READY'],
        ] as const
      ).map(([status, found]) => [
        { file: 'models/events.sql', model: 'dw.event_groups', status, found },
      ]),
    );
    expect(await warehouseSession(cloud()).query('SELECT dw.event_group(1, 2) AS cluster')).toEqual(
      [{ cluster: 0 }],
    );
  });

  it('elt: a model that fails to train is reported, and the loaded day stands', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      'loads/01_events.sql': EVENTS_LOAD,
      'transforms/01_daily_events.sql': DAILY_EVENTS_TRANSFORM,
      'models/broken.sql': `CREATE MODEL dw.broken
FROM (SELECT a, b FROM dw.no_such_table)
FUNCTION broken
IAM_ROLE '{{ML_ROLE_ARN}}'
AUTO OFF
MODEL_TYPE KMEANS
PREPROCESSORS 'none'
HYPERPARAMETERS DEFAULT EXCEPT (K '1')
SETTINGS (S3_BUCKET '{{ML_BUCKET}}');`,
    });
    await applyMigrations();
    await putEvents(cloud(), 'year=2024/month=05/day=01', [
      { user_id: 'u1', event_time: '2024-05-01 10:00:00', country: 'PT' },
    ]);
    const { handler } = loadHandler<typeof EltHandlerModule>(
      '../../../../lambdas/warehouse-elt/handler',
      eltEnvironment(),
    );

    const run = await handler({ day: '2024-05-01' });

    expect(run).toMatchObject({
      status: 'ran',
      report: { day: '2024-05-01', skipped: [] },
      models: { error: expect.stringContaining('dw.no_such_table') },
    });
    expect(
      await warehouseSession(cloud()).query('SELECT COUNT(*) AS days FROM dw.fact_daily_events'),
    ).toEqual([{ days: 1 }]);
  });

  it('elt: a failing transform fails the invocation so Lambda retries it', async () => {
    sql().write({
      ...ELT_MIGRATIONS,
      'loads/01_events.sql': EVENTS_LOAD,
      'transforms/01_daily_events.sql': 'INSERT INTO dw.nowhere VALUES (1);',
    });
    await warehouseSession(cloud()).batch([
      'CREATE SCHEMA staging',
      'CREATE TABLE staging.events (user_id VARCHAR(64), event_time TIMESTAMP, country VARCHAR(2))',
    ]);
    const { handler } = loadHandler<typeof EltHandlerModule>(
      '../../../../lambdas/warehouse-elt/handler',
      {
        ...eltEnvironment(),
      },
    );

    await expect(handler({ day: '2024-05-01' })).rejects.toMatchObject({
      name: 'EltStepError',
      file: 'transforms/01_daily_events.sql',
    });
  });
});
