import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  MigrationDriftError,
  MigrationFileError,
} from '../../../../../lambdas/shared/warehouse/errors';
import {
  loadMigrations,
  migrationId,
  pendingMigrations,
} from '../../../../../lambdas/shared/warehouse/migrations';
import { useSqlFolder } from '../../../../fixtures/sql-folder';

const sql = useSqlFolder();

describe('loadMigrations', () => {
  it('reads V###__name.sql files sorted by version, with checksum and statements', () => {
    sql().write({
      'V002__tables.sql': 'CREATE TABLE a.t (id INT);\nCREATE TABLE a.u (id INT);\n',
      'V001__schemas.sql': '-- schemas\nCREATE SCHEMA a;\n',
      'README.md': 'not a migration',
    });
    const migrations = loadMigrations(sql().root);
    expect(migrations.map(migrationId)).toEqual(['V001__schemas', 'V002__tables']);
    expect(migrations[0]).toEqual({
      version: '001',
      name: 'schemas',
      file: join(sql().root, 'V001__schemas.sql'),
      checksum: createHash('sha256').update('-- schemas\nCREATE SCHEMA a;\n').digest('hex'),
      statements: ['-- schemas\nCREATE SCHEMA a'],
    });
    expect(migrations[1]?.statements).toHaveLength(2);
  });

  it('sorts by number, not text', () => {
    const files = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [
        `V${String(index + 1).padStart(3, '0')}__m${index + 1}.sql`,
        'SELECT 1;',
      ]),
    );
    sql().write(files);
    expect(
      loadMigrations(sql().root)
        .map((migration) => migration.version)
        .at(-1),
    ).toBe('010');
  });

  it.each([
    [{ 'V001__a.sql': '', 'v002_b.sql': '' }, /must be named V###__name.sql/],
    [{ 'V001__a.sql': '', 'V0001__b.sql': '' }, /repeats version 1/],
    [{ 'V001__a.sql': '', 'V003__c.sql': '' }, /version 2 is missing before V003__c/],
    [{ 'V002__b.sql': '' }, /version 1 is missing/],
  ])('refuses a bad file set %#', (files, message) => {
    sql().write(files);
    expect(() => loadMigrations(sql().root)).toThrow(MigrationFileError);
    expect(() => loadMigrations(sql().root)).toThrow(message);
  });

  it('refuses a directory that does not exist', () => {
    expect(() => loadMigrations(join(sql().root, 'missing'))).toThrow(MigrationFileError);
  });
});

describe('pendingMigrations', () => {
  const migration = (version: string, name: string, checksum: string) => ({
    version,
    name,
    file: `V${version}__${name}.sql`,
    checksum,
    statements: ['SELECT 1'],
  });
  const onDisk = [
    migration('001', 'a', 'c1'),
    migration('002', 'b', 'c2'),
    migration('003', 'c', 'c3'),
  ];

  it('returns the migrations not in the history, in order', () => {
    const history = [{ version: '001', name: 'a', checksum: 'c1' }];
    expect(pendingMigrations(onDisk, history).map(migrationId)).toEqual(['V002__b', 'V003__c']);
  });

  it('returns nothing when everything is applied', () => {
    const history = onDisk.map(({ version, name, checksum }) => ({ version, name, checksum }));
    expect(pendingMigrations(onDisk, history)).toEqual([]);
  });

  it('lists every disagreement at once: edited, missing and out of order', () => {
    const history = [
      { version: '001', name: 'a', checksum: 'edited' },
      { version: '003', name: 'c', checksum: 'c3' },
      { version: '004', name: 'd', checksum: 'c4' },
    ];
    let caught: unknown;
    try {
      pendingMigrations(onDisk, history);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationDriftError);
    expect((caught as MigrationDriftError).problems).toEqual([
      'V001__a was edited after it was applied (checksum differs)',
      'V004__d was applied but is not on disk',
      'V002__b is older than the applied version 4; give it a new version',
    ]);
  });
});
