/**
 * Stopping localcloud stops its warehouse engines and removes their files: a test run that
 * starts many emulators neither fills the disk nor keeps the engines' memory.
 */
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { existsSync } from 'node:fs';
import { PgConnection } from '../../src/services/redshift-data/pg-connection';
import { runSimple } from '../../src/services/redshift-data/pg-wire';
import { startLocalCloud } from '../../src';

it('stops every database engine and removes its files when localcloud stops', async () => {
  const realOpen = PgConnection.open.bind(PgConnection);
  const opened: PgConnection[] = [];
  const open = jest.spyOn(PgConnection, 'open').mockImplementation(async () => {
    const db = await realOpen();
    opened.push(db);
    return db;
  });
  const cloud = await startLocalCloud({ port: 0 });
  try {
    cloud.services.redshiftData.createWorkgroup('analytics');
    const client = new RedshiftDataClient(cloud.clientConfig);
    for (const Database of ['dev', 'other']) {
      const { Id } = await client.send(
        new ExecuteStatementCommand({ WorkgroupName: 'analytics', Database, Sql: 'SELECT 1' }),
      );
      const { Status } = await client.send(
        new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }),
      );
      expect(Status).toBe('FINISHED');
    }
  } finally {
    await cloud.stop();
    open.mockRestore();
  }
  expect(opened).toHaveLength(2);
  for (const db of opened) {
    expect(existsSync(db.directory)).toBe(false);
    await expect(runSimple(db, 'SELECT 1')).rejects.toThrow('the database is closed');
  }
});
