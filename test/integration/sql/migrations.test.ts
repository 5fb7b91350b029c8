import {
  loadMigrations,
  migrate,
  HISTORY_TABLE,
} from '../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../fixtures/localcloud';
import { MIGRATIONS_DIRECTORY, openWarehouse } from './warehouse-lake';

const cloud = useLocalCloud();

describe('sql/migrations on the local Redshift', () => {
  it('apply cleanly in order, and a second run applies nothing', async () => {
    // Arrange
    const { session } = openWarehouse(cloud());
    const migrations = loadMigrations(MIGRATIONS_DIRECTORY);

    // Act
    const first = await migrate(session, migrations);
    const second = await migrate(session, migrations);

    // Assert
    expect(first.applied).toEqual(migrations.map((m) => `V${m.version}__${m.name}`));
    expect(first.latestVersion).toBe(migrations.at(-1)?.version);
    expect(second).toEqual({
      applied: [],
      alreadyApplied: migrations.length,
      latestVersion: first.latestVersion,
    });
    const history = await session.query(`SELECT version FROM ${HISTORY_TABLE} ORDER BY version`);
    expect(history.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
  });

  it('create the star schema: every dw table and marts view can be read', async () => {
    // Arrange
    const { session } = openWarehouse(cloud());
    await migrate(session, loadMigrations(MIGRATIONS_DIRECTORY));
    const relations = [
      'staging.access_events',
      'staging.web_logs',
      'staging.transactions',
      'staging.interactions',
      'staging.customers',
      'staging.customer_rfm',
      'dw.dim_date',
      'dw.dim_device',
      'dw.dim_content',
      'dw.dim_geography',
      'dw.dim_product',
      'dw.dim_customer',
      'dw.fact_access_event',
      'dw.fact_web_request',
      'dw.fact_sale',
      'dw.fact_interaction',
      'dw.fact_customer_rfm',
      'marts.customer_segment',
      'marts.web_requests_per_minute',
    ];

    // Act
    const counts = await Promise.all(
      relations.map(async (relation) => {
        const [row] = await session.query(`SELECT COUNT(*) AS row_count FROM ${relation}`);
        return [relation, row?.row_count];
      }),
    );

    // Assert
    expect(Object.fromEntries(counts)).toEqual(
      Object.fromEntries(relations.map((relation) => [relation, 0])),
    );
  });

  it('widen the web client to host names, keeping the requests already loaded', async () => {
    // Arrange: a warehouse as it was before V009, holding a request.
    const { session } = openWarehouse(cloud());
    const migrations = loadMigrations(MIGRATIONS_DIRECTORY);
    const widening = migrations.findIndex((m) => m.name === 'web_client_host_names');
    await migrate(session, migrations.slice(0, widening));
    await session.batch([
      "INSERT INTO dw.dim_date VALUES ('1995-07-01', 1995, 3, 7, 1, 6, TRUE)",
      `INSERT INTO dw.fact_web_request (request_time, request_date, request_id, client_ip, method, url, page_path, status, bytes_sent)
       VALUES ('1995-07-01 04:00:02', '1995-07-01', 'r1', '199.72.81.55', 'GET', '/history/apollo/', '/history/apollo/', 200, 6245)`,
    ]);
    // The longest name a server can log: four labels of 63, 63, 63 and 57 characters, and `net`.
    const longest = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(57), 'net'].join(
      '.',
    );

    // Act
    await migrate(session, migrations);
    await session.batch([
      `INSERT INTO staging.web_logs (request_id, client_ip) VALUES ('r2', '${longest}')`,
      `INSERT INTO dw.fact_web_request (request_time, request_date, request_id, client_ip)
       VALUES ('1995-07-01 04:00:03', '1995-07-01', 'r2', '${longest}')`,
    ]);

    // Assert
    const rows = await session.query(
      'SELECT request_id, client_ip, bytes_sent FROM dw.fact_web_request ORDER BY request_id',
    );
    expect(rows).toEqual([
      { request_id: 'r1', client_ip: '199.72.81.55', bytes_sent: 6245 },
      { request_id: 'r2', client_ip: longest, bytes_sent: null },
    ]);
    expect(await session.query('SELECT requests FROM marts.web_requests_per_minute')).toEqual([
      { requests: 2 },
    ]);
  });

  it('give the ELT role exactly the privileges loads and transforms use, on later tables too', async () => {
    // Arrange
    const { session } = openWarehouse(cloud());
    await migrate(session, loadMigrations(MIGRATIONS_DIRECTORY));
    // As a later migration would (run by the same user as the migrations).
    await session.batch(['CREATE TABLE dw.dim_later (id INTEGER)']);
    const privileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES'];
    const held = (relation: string) =>
      privileges
        .map(
          (privilege) =>
            `CASE WHEN has_table_privilege('elt_writer', '${relation}', '${privilege}') THEN '${privilege}' END`,
        )
        .join(', ');

    // Act
    const tables = await session.query(
      "SELECT table_schema || '.' || table_name AS relation FROM information_schema.tables WHERE table_schema IN ('staging', 'dw', 'marts', 'ops') ORDER BY 1",
    );
    const byRelation: Record<string, string> = {};
    for (const { relation } of tables) {
      const [row] = await session.query(`SELECT CONCAT_WS(',', ${held(String(relation))}) AS held`);
      byRelation[String(relation)] = String(row?.held);
    }
    const [schemas] = await session.query(
      "SELECT CONCAT_WS(',', " +
        ['staging', 'dw', 'marts', 'ops']
          .map(
            (schema) =>
              `CASE WHEN has_schema_privilege('elt_writer', '${schema}', 'USAGE') THEN '${schema}' END`,
          )
          .join(', ') +
        ') AS usable',
    );

    // Assert
    expect(schemas?.usable).toBe('staging,dw');
    for (const [relation, grants] of Object.entries(byRelation)) {
      const schema = relation.split('.')[0];
      const expected =
        schema === 'staging'
          ? 'SELECT,INSERT,DELETE'
          : schema === 'dw'
            ? 'SELECT,INSERT,UPDATE,DELETE'
            : '';
      expect([relation, grants]).toEqual([relation, expected]);
    }
    expect(byRelation['dw.dim_later']).toBe('SELECT,INSERT,UPDATE,DELETE');
    expect(Object.keys(byRelation)).toEqual(
      expect.arrayContaining(['ops.schema_migrations', 'marts.customer_segment']),
    );
  });
});
