import {
  MigrationDriftError,
  MigrationFailedError,
  MigrationTooLargeError,
} from '../../../../lambdas/shared/warehouse/errors';
import { loadMigrations, migrate } from '../../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { tableExists, warehouseSession } from './warehouse-fixtures';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const cloud = useLocalCloud();
const sql = useSqlFolder();

const V001 = '-- Schemas\nCREATE SCHEMA app;\n';
const V002 = 'CREATE TABLE app.customers (id INT NOT NULL, email VARCHAR(256)) DISTSTYLE ALL;\n';

async function history(session: ReturnType<typeof warehouseSession>) {
  return session.query(
    'SELECT version, name, checksum FROM ops.schema_migrations ORDER BY version',
  );
}

describe('migrate against the local Data API', () => {
  it('applies every migration on an empty database and records each one', async () => {
    sql().write({ 'V001__schemas.sql': V001, 'V002__customers.sql': V002 });
    const session = warehouseSession(cloud());
    const migrations = loadMigrations(sql().root);

    const report = await migrate(session, migrations);

    expect(report).toEqual({
      applied: ['V001__schemas', 'V002__customers'],
      alreadyApplied: 0,
      latestVersion: '002',
    });
    expect(await tableExists(session, 'app', 'customers')).toBe(true);
    expect(await history(session)).toEqual(
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
  });

  it('applies nothing on a second run', async () => {
    sql().write({ 'V001__schemas.sql': V001, 'V002__customers.sql': V002 });
    const session = warehouseSession(cloud());
    await migrate(session, loadMigrations(sql().root));

    const report = await migrate(session, loadMigrations(sql().root));

    expect(report).toEqual({ applied: [], alreadyApplied: 2, latestVersion: '002' });
    expect(await history(session)).toHaveLength(2);
  });

  it('applies only the new migration when one is added', async () => {
    sql().write({ 'V001__schemas.sql': V001 });
    const session = warehouseSession(cloud());
    await migrate(session, loadMigrations(sql().root));
    sql().write({ 'V002__customers.sql': V002 });

    const report = await migrate(session, loadMigrations(sql().root));

    expect(report).toEqual({
      applied: ['V002__customers'],
      alreadyApplied: 1,
      latestVersion: '002',
    });
  });

  it('refuses an edited applied migration and applies nothing, not even new ones', async () => {
    sql().write({ 'V001__schemas.sql': V001 });
    const session = warehouseSession(cloud());
    await migrate(session, loadMigrations(sql().root));
    sql().write({
      'V001__schemas.sql': `${V001}CREATE SCHEMA extra;\n`,
      'V002__customers.sql': V002,
    });

    const run = migrate(session, loadMigrations(sql().root));

    await expect(run).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(run).rejects.toThrow(/V001__schemas was edited after it was applied/);
    expect(await tableExists(session, 'app', 'customers')).toBe(false);
    expect(await history(session)).toHaveLength(1);
  });

  it('leaves no history row and no partial objects when a migration fails mid-way', async () => {
    sql().write({
      'V001__schemas.sql': V001,
      'V002__broken.sql': `${V002}INSERT INTO app.missing_table VALUES (1);\n`,
    });
    const session = warehouseSession(cloud());

    const run = migrate(session, loadMigrations(sql().root));

    await expect(run).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(run).rejects.toMatchObject({
      migration: 'V002__broken',
      applied: ['V001__schemas'],
      cause: { engineError: expect.stringMatching(/relation "app.missing_table" does not exist/) },
    });
    expect(await tableExists(session, 'app', 'customers')).toBe(false);
    expect(await history(session)).toEqual([expect.objectContaining({ version: '001' })]);
  });

  it('refuses a migration too large for one batch before running anything', async () => {
    const statements = Array.from(
      { length: 40 },
      (_, index) => `CREATE TABLE app.t${index} (id INT);`,
    ).join('\n');
    sql().write({ 'V001__schemas.sql': V001, 'V002__many_tables.sql': statements });
    const session = warehouseSession(cloud());

    const run = migrate(session, loadMigrations(sql().root));

    await expect(run).rejects.toBeInstanceOf(MigrationTooLargeError);
    await expect(run).rejects.toThrow(
      /V002__many_tables cannot run as one transaction: 41 statements/,
    );
    expect(await history(session)).toEqual([]);
    const schemas = await session.query(
      "SELECT COUNT(*) AS n FROM information_schema.schemata WHERE schema_name = 'app'",
    );
    expect(schemas[0]?.n).toBe(0);
  });
});
