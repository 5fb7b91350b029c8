import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
} from '@aws-sdk/client-redshift-data';
import type { RedshiftDataService } from '../../src/services/redshift-data';
import { useLocalCloud } from '../use-local-cloud';

const cloud = useLocalCloud();
const target = { WorkgroupName: 'analytics', Database: 'dev' } as const;
const client = (): RedshiftDataClient => new RedshiftDataClient(cloud().clientConfig);

beforeEach(() => cloud().services.redshiftData.createWorkgroup(target.WorkgroupName));

async function waitFor(id: string): Promise<DescribeStatementCommandOutput> {
  for (;;) {
    const described = await client().send(new DescribeStatementCommand({ Id: id }));
    if (['FINISHED', 'FAILED', 'ABORTED'].includes(described.Status ?? '')) return described;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs statements as one batch (one transaction, like a migration) and expects success. */
async function batchOk(
  sqls: string[],
  secretArn?: string,
): Promise<DescribeStatementCommandOutput> {
  const { Id } = await client().send(
    new BatchExecuteStatementCommand({
      ...target,
      Sqls: sqls,
      ...(secretArn !== undefined && { SecretArn: secretArn }),
    }),
  );
  const described = await waitFor(Id!);
  expect({ status: described.Status, error: described.Error }).toEqual({
    status: 'FINISHED',
    error: undefined,
  });
  return described;
}

async function rows(sql: string): Promise<unknown[][]> {
  const { Id } = await client().send(new ExecuteStatementCommand({ ...target, Sql: sql }));
  const described = await waitFor(Id!);
  expect(described.Error).toBeUndefined();
  const result = await client().send(new GetStatementResultCommand({ Id }));
  return (result.Records ?? []).map((record) =>
    record.map((field) => field.booleanValue ?? field.stringValue ?? field.longValue ?? null),
  );
}

/** The privileges a role holds on a table, as PostgreSQL's catalog reports them. */
async function privilegesOf(role: string, table: string): Promise<string[]> {
  const checks = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
  const [row] = await rows(
    `SELECT ${checks.map((p) => `has_table_privilege('${role}', '${table}', '${p}')`).join(', ')}`,
  );
  return checks.filter((_privilege, index) => row?.[index] === true);
}

const ADMIN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:admin-AbC123';

const ROLE_MIGRATION = [
  'CREATE SCHEMA staging',
  'CREATE TABLE staging.events (id INTEGER ENCODE AZ64) DISTSTYLE EVEN',
  'CREATE ROLE elt_writer',
  'GRANT USAGE ON SCHEMA staging TO ROLE elt_writer',
  'GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA staging TO ROLE elt_writer',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA staging GRANT SELECT, INSERT, DELETE ON TABLES TO ROLE elt_writer',
];

describe('database roles: GRANT/REVOKE … ROLE and ALTER DEFAULT PRIVILEGES', () => {
  it('creates a role and grants it on existing and future tables in one transaction', async () => {
    // Act
    const batch = await batchOk(ROLE_MIGRATION, ADMIN_SECRET_ARN);
    await batchOk(['CREATE TABLE staging.later (id INTEGER)']);

    // Assert
    expect(batch.SecretArn).toBe(ADMIN_SECRET_ARN);
    expect(await privilegesOf('elt_writer', 'staging.events')).toEqual([
      'SELECT',
      'INSERT',
      'DELETE',
    ]);
    expect(await privilegesOf('elt_writer', 'staging.later')).toEqual([
      'SELECT',
      'INSERT',
      'DELETE',
    ]);
    expect(await rows("SELECT has_schema_privilege('elt_writer', 'staging', 'USAGE')")).toEqual([
      [true],
    ]);
  });

  it('revokes from a role, and grants one role to another', async () => {
    // Arrange
    await batchOk(ROLE_MIGRATION);

    // Act
    await batchOk([
      'REVOKE DELETE ON staging.events FROM ROLE elt_writer',
      'CREATE ROLE operator',
      'GRANT ROLE elt_writer TO ROLE operator',
    ]);

    // Assert
    expect(await privilegesOf('elt_writer', 'staging.events')).toEqual(['SELECT', 'INSERT']);
    expect(await rows("SELECT pg_has_role('operator', 'elt_writer', 'MEMBER')")).toEqual([[true]]);
  });

  it('rolls the role back with the rest of a failed batch', async () => {
    // Act
    const { Id } = await client().send(
      new BatchExecuteStatementCommand({
        ...target,
        Sqls: ['CREATE ROLE elt_writer', 'GRANT USAGE ON SCHEMA missing TO ROLE elt_writer'],
      }),
    );
    const described = await waitFor(Id!);

    // Assert
    expect(described.Status).toBe('FAILED');
    expect(described.Error).toBe('ERROR: schema "missing" does not exist');
    expect(await rows("SELECT COUNT(*) FROM pg_roles WHERE rolname = 'elt_writer'")).toEqual([[0]]);
  });

  it.each([
    ['system permissions', 'GRANT CREATE USER TO ROLE elt_writer'],
    ['system role', 'GRANT ROLE sys:operator TO ROLE elt_writer'],
    ['ASSUMEROLE', "GRANT ASSUMEROLE ON 'arn:aws:iam::000000000000:role/copy' TO ROLE r FOR COPY"],
    ['scoped permissions', 'GRANT SELECT FOR TABLES IN SCHEMA staging TO ROLE elt_writer'],
    ['EXTERNALID', "CREATE ROLE elt_writer EXTERNALID 'abc'"],
  ])('refuses %s at submission with a ValidationException', async (construct, sql) => {
    await expect(
      client().send(new ExecuteStatementCommand({ ...target, Sql: sql })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`${construct}`),
    });
  });

  it('drops roles on reset and recreates them when a snapshot is restored', async () => {
    // Arrange
    const service: RedshiftDataService = cloud().services.redshiftData;
    await batchOk(ROLE_MIGRATION);
    const state = JSON.parse(JSON.stringify(service.snapshot!())) as unknown;

    // Act
    cloud().reset();
    service.createWorkgroup(target.WorkgroupName);
    const afterReset = await rows("SELECT COUNT(*) FROM pg_roles WHERE rolname = 'elt_writer'");
    service.restore!(state);

    // Assert
    expect(afterReset).toEqual([[0]]);
    expect(await privilegesOf('elt_writer', 'staging.events')).toEqual([
      'SELECT',
      'INSERT',
      'DELETE',
    ]);
  });
});
