import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleSqlFolders } from '../../../../../infra/aws/props/warehouse-sql';
import { sqlFixture, standaloneWarehouse } from './warehouse-app';
import {
  SQL_SOURCE_DIRECTORY,
  WarehouseSqlError,
  sqlFingerprint,
} from '../../../../../infra/aws/facts/warehouse';

const V001 = 'CREATE SCHEMA staging;\n';
const V002 = 'CREATE TABLE staging.events (id VARCHAR(64));\n';

function deployedFingerprint(sqlDirectory: string): unknown {
  const { template } = standaloneWarehouse({ sqlDirectory });
  const resources = Object.values(template.findResources('Custom::WarehouseMigrations'));
  expect(resources).toHaveLength(1);
  return (resources[0]!.Properties as Record<string, unknown>).MigrationsFingerprint;
}

describe('the migrations custom resource redeploys when a migration changes', () => {
  it('carries the fingerprint of sql/migrations', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001 });
    expect(deployedFingerprint(sql)).toBe(sqlFingerprint(join(sql, 'migrations')));
  });

  it('keeps the same fingerprint when nothing changed, so a deploy does not migrate', () => {
    const first = sqlFixture({ 'V001__schemas.sql': V001 });
    const second = sqlFixture({ 'V001__schemas.sql': V001 });
    expect(deployedFingerprint(second)).toBe(deployedFingerprint(first));
  });

  it('changes it when a migration is added', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001 });
    const before = deployedFingerprint(sql);
    writeFileSync(join(sql, 'migrations', 'V002__events.sql'), V002);
    expect(deployedFingerprint(sql)).not.toBe(before);
  });

  it('changes it when a migration is edited', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001 });
    const before = deployedFingerprint(sql);
    writeFileSync(join(sql, 'migrations', 'V001__schemas.sql'), `${V001}CREATE SCHEMA dw;\n`);
    expect(deployedFingerprint(sql)).not.toBe(before);
  });

  it('changes it when a migration is renamed', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001 });
    const before = deployedFingerprint(sql);
    renameSync(
      join(sql, 'migrations', 'V001__schemas.sql'),
      join(sql, 'migrations', 'V001__staging.sql'),
    );
    expect(deployedFingerprint(sql)).not.toBe(before);
  });

  it('ignores files that are not migrations', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001 });
    const before = deployedFingerprint(sql);
    writeFileSync(join(sql, 'migrations', 'README.md'), 'notes\n');
    expect(deployedFingerprint(sql)).toBe(before);
  });

  it('fingerprints the repository sql/ by default', () => {
    const { template } = standaloneWarehouse();
    template.hasResourceProperties('Custom::WarehouseMigrations', {
      MigrationsFingerprint: sqlFingerprint(join(SQL_SOURCE_DIRECTORY, 'migrations')),
    });
  });

  it('refuses a sql/ without migrations, naming the folder', () => {
    const sql = sqlFixture({});
    rmSync(join(sql, 'migrations'), { recursive: true });
    expect(() => standaloneWarehouse({ sqlDirectory: sql })).toThrow(WarehouseSqlError);
    expect(() => sqlFingerprint(join(sql, 'migrations'))).toThrow(
      `the SQL folder ${join(sql, 'migrations')} is missing`,
    );
  });
});

describe('bundleSqlFolders', () => {
  it('copies the named folders into the bundle under sql/, with their files', () => {
    const sql = sqlFixture({ 'V001__schemas.sql': V001, 'V002__events.sql': V002 });
    const bundle = mkdtempSync(join(tmpdir(), 'hybrid-lake-bundle-'));
    const hooks = bundleSqlFolders(sql, ['migrations', 'loads']);
    expect(hooks.beforeBundling(sql, bundle)).toEqual([]);
    expect(hooks.beforeInstall(sql, bundle)).toEqual([]);

    // Run the commands the way local bundling does: one shell, joined with &&.
    execFileSync('bash', ['-c', hooks.afterBundling(sql, bundle).join(' && ')]);

    expect(readdirSync(join(bundle, 'sql')).sort()).toEqual(['loads', 'migrations']);
    expect(readdirSync(join(bundle, 'sql', 'migrations')).sort()).toEqual([
      'V001__schemas.sql',
      'V002__events.sql',
    ]);
  });

  it('refuses a folder that is missing before anything is bundled', () => {
    const sql = sqlFixture({});
    rmSync(join(sql, 'transforms'), { recursive: true });
    expect(() => bundleSqlFolders(sql, ['loads', 'transforms'])).toThrow(WarehouseSqlError);
  });

  it('refuses a path the bundling shell could misread', () => {
    const root = mkdtempSync(join(tmpdir(), 'hybrid-lake-$HOME-'));
    const sql = sqlFixture({});
    renameSync(sql, join(root, 'sql'));
    expect(() => bundleSqlFolders(join(root, 'sql'), ['migrations'])).toThrow(
      /cannot quote .* for the bundling shell/,
    );
  });
});
