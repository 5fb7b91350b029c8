import { checkpointWhenDue } from '../../../../src/services/redshift-data/execution';
import { PgConnection } from '../../../../src/services/redshift-data/pg-connection';
import { runSimple, runStatement } from '../../../../src/services/redshift-data/pg-wire';

describe('checkpointWhenDue', () => {
  let db: PgConnection;
  beforeAll(async () => {
    db = await PgConnection.open();
  });
  afterAll(async () => {
    await db.close();
  });

  const walSinceCheckpoint = async () =>
    Number(
      (
        await runStatement(
          db,
          'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn) FROM pg_control_checkpoint()',
        )
      ).rows[0]![0],
    );

  it('checkpoints once enough WAL has been written since the last checkpoint, and not before', async () => {
    await runSimple(db, 'CREATE TABLE filler AS SELECT g FROM generate_series(1, 20000) g');
    const written = await walSinceCheckpoint();
    expect(written).toBeGreaterThan(100_000);

    expect(await checkpointWhenDue({ db }, written * 10)).toBe(false);
    expect(await walSinceCheckpoint()).toBeGreaterThanOrEqual(written);

    expect(await checkpointWhenDue({ db }, written / 2)).toBe(true);
    expect(await walSinceCheckpoint()).toBeLessThan(written / 10);
  });
});
