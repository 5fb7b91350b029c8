import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAbandonedDataDirectories } from '../../../../src/services/redshift-data/data-directory';
import { PgConnection } from '../../../../src/services/redshift-data/pg-connection';
import { runSimple, runStatement } from '../../../../src/services/redshift-data/pg-wire';

const ownDirectories = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith(`hybrid-lake-pgdata-${process.pid}-`));

describe("an embedded database's files", () => {
  it('live in a directory of their own, separate from every other database, until it closes', async () => {
    const before = ownDirectories().length;
    const [first, second] = await Promise.all([PgConnection.open(), PgConnection.open()]);
    try {
      expect(first.directory).not.toBe(second.directory);
      expect(ownDirectories()).toHaveLength(before + 2);
      expect(existsSync(join(first.directory, 'PG_VERSION'))).toBe(true);

      await runSimple(first, 'CREATE TABLE only_here (n int); INSERT INTO only_here VALUES (1)');
      const { rows } = await runStatement(second, "SELECT to_regclass('only_here') IS NULL");
      expect(rows).toEqual([['t']]);
    } finally {
      await first.close();
      await second.close();
    }
    expect(existsSync(first.directory)).toBe(false);
    expect(existsSync(second.directory)).toBe(false);
    expect(ownDirectories()).toHaveLength(before);
  });

  it('are copies of one cluster made once, not a cluster initialised per database', async () => {
    const systemIdentifier = async (db: PgConnection) =>
      (await runStatement(db, 'SELECT system_identifier FROM pg_control_system()')).rows[0]![0];
    const [first, second] = await Promise.all([PgConnection.open(), PgConnection.open()]);
    try {
      // initdb draws a new system identifier for every cluster it makes.
      expect(await systemIdentifier(first)).toBe(await systemIdentifier(second));
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('are removed when the process ends without closing the database', () => {
    const script = `
      const { PgConnection } = require('./src/services/redshift-data/pg-connection');
      PgConnection.open().then((db) => { console.log(db.directory); process.exit(0); });`;
    const child = spawnSync(process.execPath, [require.resolve('tsx/cli'), '-e', script], {
      cwd: join(__dirname, '..', '..', '..', '..'), // the package's root
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    const directory = child.stdout.trim();
    expect(directory).toContain('hybrid-lake-pgdata-');
    expect(existsSync(directory)).toBe(false);
  });

  it('left by a process that was killed are removed; those of a running process are not', () => {
    const gone = spawnSync('true').pid; // a process that has exited
    const abandoned = join(tmpdir(), `hybrid-lake-pgdata-${gone}-left`);
    const alive = join(tmpdir(), 'hybrid-lake-pgdata-1-in-use'); // pid 1 is always running
    for (const directory of [abandoned, alive]) {
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, 'PG_VERSION'), '17\n');
    }
    try {
      removeAbandonedDataDirectories();
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(alive)).toBe(true);
    } finally {
      rmSync(alive, { recursive: true, force: true });
      rmSync(abandoned, { recursive: true, force: true });
    }
  });
});
