import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  GetStatementResultV2Command,
  ListStatementsCommand,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-redshift-data';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import type { RedshiftDataService } from '../../src/services/redshift-data';
import { PgConnection } from '../../src/services/redshift-data/pg-connection';
import { useLocalCloud } from '../use-local-cloud';

const cloud = useLocalCloud();
const target = { WorkgroupName: 'analytics', Database: 'dev' } as const;

/** The workgroup and cluster the tests address; localcloud refuses any it was not told of. */
function createEndpoints(): void {
  cloud().services.redshiftData.createWorkgroup(target.WorkgroupName);
  cloud().services.redshiftData.createCluster('warehouse');
}

beforeEach(createEndpoints);

/** How far tests moved the emulator clock: clients sign with it so signatures stay current. */
let clockOffsetMs = 0;

function advanceClock(ms: number): void {
  cloud().advanceClock(ms);
  clockOffsetMs += ms;
}

function client(): RedshiftDataClient {
  return new RedshiftDataClient({ ...cloud().clientConfig, systemClockOffset: clockOffsetMs });
}

/** Polls DescribeStatement until the statement reaches a final status. */
async function waitForStatement(
  id: string,
  timeoutMs = 20_000,
): Promise<DescribeStatementCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await client().send(new DescribeStatementCommand({ Id: id }));
    if (['FINISHED', 'FAILED', 'ABORTED'].includes(described.Status ?? '')) return described;
    if (Date.now() > deadline) throw new Error(`statement ${id} still ${described.Status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function run(
  sql: string,
  extra: Partial<ExecuteStatementCommandInput> = {},
): Promise<DescribeStatementCommandOutput> {
  const { Id } = await client().send(
    new ExecuteStatementCommand({ ...target, Sql: sql, ...extra }),
  );
  return waitForStatement(Id!);
}

async function runOk(sql: string, extra: Partial<ExecuteStatementCommandInput> = {}) {
  const described = await run(sql, extra);
  expect({ status: described.Status, error: described.Error }).toEqual({
    status: 'FINISHED',
    error: undefined,
  });
  return described;
}

const ordersDdl = `CREATE TABLE sales.orders (
  order_id BIGINT IDENTITY(1, 1),
  customer_id INTEGER NOT NULL DISTKEY ENCODE az64,
  amount DECIMAL(10, 2) ENCODE az64,
  note VARCHAR(MAX) ENCODE zstd,
  placed_at TIMESTAMP SORTKEY,
  paid BOOLEAN,
  PRIMARY KEY (order_id)
) DISTSTYLE KEY COMPOUND SORTKEY (placed_at, order_id) BACKUP NO`;

async function createOrders(): Promise<void> {
  await runOk('CREATE SCHEMA sales');
  await runOk(ordersDdl);
}

describe('ExecuteStatement, DescribeStatement and GetStatementResult', () => {
  it('starts a database engine ahead of its first statement when told to, and reuses it', async () => {
    const open = jest.spyOn(PgConnection, 'open');
    try {
      cloud().services.redshiftData.startDatabase({
        workgroupName: target.WorkgroupName,
        database: 'started_early',
      });
      expect(open).toHaveBeenCalledTimes(1);
      // The first statement waits for the engine's start: seconds, more on a busy machine.
      const { Id } = await client().send(
        new ExecuteStatementCommand({ ...target, Database: 'started_early', Sql: 'SELECT 1' }),
      );
      const described = await waitForStatement(Id!, 90_000);
      expect(described.Status).toBe('FINISHED');
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
    }
  });

  it('runs Redshift DDL, binds named parameters and returns typed records with column metadata', async () => {
    // Arrange
    await createOrders();
    const insert = await runOk(
      'INSERT INTO sales.orders (customer_id, amount, note, placed_at, paid) VALUES (:customer, :amount, :note, :placed, :paid)',
      {
        Parameters: [
          { name: 'customer', value: '42' },
          { name: 'amount', value: '19.90' },
          { name: 'note', value: "it's :not_a_parameter" },
          { name: 'placed', value: '2024-05-01 10:30:00' },
          { name: 'paid', value: 'true' },
        ],
      },
    );

    // Act
    const select = await runOk(
      'SELECT order_id, customer_id, amount, note, placed_at, paid, NULL::varchar AS missing, 1.5::float8 AS ratio FROM sales.orders',
    );
    const result = await client().send(new GetStatementResultCommand({ Id: select.Id }));

    // Assert
    expect(insert).toMatchObject({ HasResultSet: false, ResultRows: 1 });
    expect(select).toMatchObject({
      HasResultSet: true,
      ResultRows: 1,
      Database: 'dev',
      WorkgroupName: 'analytics',
    });
    expect(result.TotalNumRows).toBe(1);
    expect(result.NextToken).toBeUndefined();
    expect(result.Records).toEqual([
      [
        { longValue: 1 },
        { longValue: 42 },
        { stringValue: '19.90' },
        { stringValue: "it's :not_a_parameter" },
        { stringValue: '2024-05-01 10:30:00' },
        { booleanValue: true },
        { isNull: true },
        { doubleValue: 1.5 },
      ],
    ]);
    expect(result.ColumnMetadata?.map((column) => [column.name, column.typeName])).toEqual([
      ['order_id', 'int8'],
      ['customer_id', 'int4'],
      ['amount', 'numeric'],
      ['note', 'varchar'],
      ['placed_at', 'timestamp'],
      ['paid', 'bool'],
      ['missing', 'varchar'],
      ['ratio', 'float8'],
    ]);
    expect(result.ColumnMetadata?.[2]).toMatchObject({
      precision: 10,
      scale: 2,
      isSigned: true,
      schemaName: 'sales',
      tableName: 'orders',
      nullable: 1,
    });
    expect(result.ColumnMetadata?.[1]).toMatchObject({ nullable: 0, label: 'customer_id' });
  });

  it('reports the lifecycle: submitted at CreatedAt, then FINISHED with duration, pid and query id', async () => {
    // Arrange
    const before = Date.now();

    // Act
    const submitted = await client().send(
      new ExecuteStatementCommand({
        ClusterIdentifier: 'warehouse',
        Database: 'dev',
        DbUser: 'etl',
        Sql: 'SELECT 1 AS one',
      }),
    );
    const described = await waitForStatement(submitted.Id!);

    // Assert
    expect(submitted.Id).toMatch(/^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/);
    expect(submitted).toMatchObject({
      ClusterIdentifier: 'warehouse',
      Database: 'dev',
      DbUser: 'etl',
    });
    expect(submitted.CreatedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(described).toMatchObject({
      Status: 'FINISHED',
      QueryString: 'SELECT 1 AS one',
      HasResultSet: true,
      ResultRows: 1,
    });
    expect(described.Duration).toBeGreaterThan(0);
    expect(described.RedshiftPid).toBeGreaterThan(0);
    expect(described.RedshiftQueryId).toBeGreaterThan(0);
    expect(described.UpdatedAt!.getTime()).toBeGreaterThanOrEqual(described.CreatedAt!.getTime());
  });

  it('waits for completion when DescribeStatement asks for WaitTimeSeconds', async () => {
    // Arrange
    const { Id } = await client().send(new ExecuteStatementCommand({ ...target, Sql: 'SELECT 2' }));

    // Act
    const described = await client().send(
      new DescribeStatementCommand({ Id, WaitTimeSeconds: 20 }),
    );

    // Assert
    expect(described.Status).toBe('FINISHED');
  });

  it('fails a statement the engine rejects, and GetStatementResult then has no result', async () => {
    // Act
    const described = await run('SELECT * FROM no_such_table');

    // Assert
    expect(described.Status).toBe('FAILED');
    expect(described.Error).toBe('ERROR: relation "no_such_table" does not exist');
    await expect(
      client().send(new GetStatementResultCommand({ Id: described.Id })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Query does not have result. Please check query status with DescribeStatement.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('pages GetStatementResult by 1000 records with NextToken', async () => {
    // Arrange
    const { Id } = await runOk(
      'SELECT n, n * 2 AS twice FROM generate_series(1, 2500) AS n ORDER BY n',
    );

    // Act
    const pages = [];
    let nextToken: string | undefined;
    do {
      const page = await client().send(new GetStatementResultCommand({ Id, NextToken: nextToken }));
      pages.push(page);
      nextToken = page.NextToken;
    } while (nextToken);

    // Assert
    expect(pages.map((page) => page.Records?.length)).toEqual([1000, 1000, 500]);
    expect(pages.every((page) => page.TotalNumRows === 2500)).toBe(true);
    const all = pages.flatMap((page) => page.Records ?? []);
    expect(all[0]).toEqual([{ longValue: 1 }, { longValue: 2 }]);
    expect(all[1000]).toEqual([{ longValue: 1001 }, { longValue: 2002 }]);
    expect(all[2499]).toEqual([{ longValue: 2500 }, { longValue: 5000 }]);
    await expect(
      client().send(new GetStatementResultCommand({ Id, NextToken: 'not-a-token' })),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('answers unknown and malformed ids the way the Data API does', async () => {
    await expect(
      client().send(new DescribeStatementCommand({ Id: '70662acc-f334-46f8-b953-3a9546796d7a' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Query does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client().send(new DescribeStatementCommand({ Id: 'InvalidStatementId' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^id must satisfy regex pattern:/),
    });
  });

  it('forgets statements 24 hours after they were submitted', async () => {
    // Arrange
    const { Id } = await runOk('SELECT 1');
    advanceClock(23 * 3600 * 1000);
    try {
      await expect(client().send(new GetStatementResultCommand({ Id }))).resolves.toMatchObject({
        TotalNumRows: 1,
      });

      // Act
      advanceClock(2 * 3600 * 1000);

      // Assert
      await expect(client().send(new DescribeStatementCommand({ Id }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Query does not exist.',
      });
      await expect(client().send(new ListStatementsCommand({}))).resolves.toMatchObject({
        Statements: [],
      });
    } finally {
      // The clock is not part of reset(); put it back for the tests that follow.
      advanceClock(-clockOffsetMs);
    }
  });

  it('returns CSV records through GetStatementResultV2 when ResultFormat is CSV', async () => {
    // Arrange
    const { Id } = await runOk("SELECT 1 AS id, 'a,b' AS label", { ResultFormat: 'CSV' });

    // Act
    const result = await client().send(new GetStatementResultV2Command({ Id }));

    // Assert
    expect(result.Records).toEqual([{ CSVRecords: 'id,label\n1,"a,b"\n' }]);
    await expect(client().send(new GetStatementResultCommand({ Id }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('clusters and workgroups', () => {
  const endpointMissing = {
    name: 'ValidationException',
    message: "Redshift endpoint doesn't exist in this region.",
  };

  it.each([
    ['workgroup', { WorkgroupName: 'no-such-workgroup', Database: 'dev' }],
    ['cluster', { ClusterIdentifier: 'no-such-cluster', Database: 'dev' }],
  ])('refuses a statement for a %s that does not exist', async (_kind, connection) => {
    await expect(
      client().send(new ExecuteStatementCommand({ ...connection, Sql: 'SELECT 1' })),
    ).rejects.toMatchObject(endpointMissing);
    await expect(
      client().send(new BatchExecuteStatementCommand({ ...connection, Sqls: ['SELECT 1'] })),
    ).rejects.toMatchObject(endpointMissing);
  });

  it('accepts a workgroup given by name or by ARN once it exists', async () => {
    const arn = 'arn:aws:redshift-serverless:us-east-1:000000000000:workgroup/analytics';

    const byArn = await client().send(
      new ExecuteStatementCommand({ WorkgroupName: arn, Database: 'dev', Sql: 'SELECT 1' }),
    );

    expect((await waitForStatement(byArn.Id!)).Status).toBe('FINISHED');
  });

  it('forgets its workgroups on reset and keeps them through snapshot and restore', async () => {
    const service: RedshiftDataService = cloud().services.redshiftData;
    const state = JSON.parse(JSON.stringify(service.snapshot!())) as unknown;

    cloud().reset();
    const afterReset = client().send(new ExecuteStatementCommand({ ...target, Sql: 'SELECT 1' }));
    await expect(afterReset).rejects.toMatchObject(endpointMissing);
    service.restore!(state);
    const restored = await client().send(
      new ExecuteStatementCommand({ ...target, Sql: 'SELECT 1' }),
    );

    expect((await waitForStatement(restored.Id!)).Status).toBe('FINISHED');
  });
});

describe('ExecuteStatement input validation', () => {
  it.each([
    ['no Sql', { ...target }, /Value null at 'sql'/],
    [
      'both cluster and workgroup',
      { ...target, ClusterIdentifier: 'c', Sql: 'SELECT 1' },
      /not both/,
    ],
    [
      'neither cluster nor workgroup',
      { Database: 'dev', Sql: 'SELECT 1' },
      /ClusterIdentifier or a WorkgroupName/,
    ],
    [
      'a bad parameter name',
      { ...target, Sql: 'SELECT :a', Parameters: [{ name: 'a-b', value: '1' }] },
      /pattern/,
    ],
    [
      'an empty parameter value',
      { ...target, Sql: 'SELECT :a', Parameters: [{ name: 'a', value: '' }] },
      /length greater than or equal to 1/,
    ],
    [
      'a parameter the SQL does not use',
      { ...target, Sql: 'SELECT 1', Parameters: [{ name: 'a', value: '1' }] },
      /not referenced/,
    ],
    ['a placeholder without a parameter', { ...target, Sql: 'SELECT :a' }, /not in Parameters/],
    [
      'a Sql over 100000 characters',
      { ...target, Sql: `SELECT '${'x'.repeat(100_000)}'` },
      /less than or equal to 100000/,
    ],
  ])('rejects %s with ValidationException', async (_case, input, message) => {
    await expect(
      client().send(new ExecuteStatementCommand(input as ExecuteStatementCommandInput)),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(message),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses Redshift syntax it cannot translate, naming the construct and its position', async () => {
    const sql = 'SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM t QUALIFY rn = 1';
    await expect(
      client().send(new ExecuteStatementCommand({ ...target, Sql: sql })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`QUALIFY is not supported by the local Redshift emulator`),
    });
    await expect(
      client().send(new ExecuteStatementCommand({ ...target, Sql: sql })),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        `at position ${sql.indexOf('QUALIFY') + 1} of statement: ${sql}`,
      ),
    });
    await expect(
      client().send(
        new ExecuteStatementCommand({
          ...target,
          Sql: "UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE default",
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('UNLOAD is not supported'),
    });
  });
});

describe('Redshift functions', () => {
  it('evaluates DATEADD, DATEDIFF, NVL, LISTAGG, MEDIAN, APPROXIMATE COUNT and GETDATE', async () => {
    // Arrange
    await runOk('CREATE TABLE t (g VARCHAR(10), v INTEGER, s VARCHAR(5))');
    await runOk(
      "INSERT INTO t VALUES ('a', 1, 'x'), ('a', 3, NULL), ('a', 10, 'y'), ('b', 4, 'z')",
    );

    // Act
    const { Id } =
      await runOk(`SELECT g, LISTAGG(NVL(s, '-'), '|') WITHIN GROUP (ORDER BY v) AS items,
        MEDIAN(v) AS med, APPROXIMATE COUNT(DISTINCT v) AS n,
        DATEADD(month, 1, '2024-01-31') AS next_month,
        DATEDIFF(day, '2024-01-01 23:59', '2024-01-02 00:01') AS days,
        GETDATE() <= SYSDATE + INTERVAL '1 second' AS clock_ok
      FROM t GROUP BY g ORDER BY g`);
    const result = await client().send(new GetStatementResultCommand({ Id }));

    // Assert
    expect(result.Records).toEqual([
      [
        { stringValue: 'a' },
        { stringValue: 'x|-|y' },
        { doubleValue: 3 },
        { longValue: 3 },
        { stringValue: '2024-02-29 00:00:00' },
        { longValue: 1 },
        { booleanValue: true },
      ],
      [
        { stringValue: 'b' },
        { stringValue: 'z' },
        { doubleValue: 4 },
        { longValue: 1 },
        { stringValue: '2024-02-29 00:00:00' },
        { longValue: 1 },
        { booleanValue: true },
      ],
    ]);
  });
});

describe('BatchExecuteStatement', () => {
  it('runs the statements in order as sub-statements with their own results', async () => {
    // Act
    const { Id } = await client().send(
      new BatchExecuteStatementCommand({
        ...target,
        Sqls: [
          'CREATE TABLE items (id INT, name VARCHAR(20))',
          'INSERT INTO items VALUES (1, :name)',
          'SELECT id, name FROM items',
        ],
        Parameters: [{ name: 'name', value: 'widget' }],
        StatementName: 'load-items',
      }),
    );
    const described = await waitForStatement(Id!);
    const third = await client().send(new GetStatementResultCommand({ Id: `${Id}:3` }));
    const subDescribed = await client().send(new DescribeStatementCommand({ Id: `${Id}:2` }));

    // Assert
    expect(described).toMatchObject({ Status: 'FINISHED', HasResultSet: true });
    expect(described.SubStatements?.map((sub) => [sub.Id, sub.Status, sub.ResultRows])).toEqual([
      [`${Id}:1`, 'FINISHED', 0],
      [`${Id}:2`, 'FINISHED', 1],
      [`${Id}:3`, 'FINISHED', 1],
    ]);
    expect(third.Records).toEqual([[{ longValue: 1 }, { stringValue: 'widget' }]]);
    expect(subDescribed).toMatchObject({
      Id: `${Id}:2`,
      Status: 'FINISHED',
      QueryString: 'INSERT INTO items VALUES (1, :name)',
    });
    await expect(client().send(new GetStatementResultCommand({ Id }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('rolls every statement back when one fails, reporting the failing statement', async () => {
    // Arrange
    await runOk('CREATE TABLE ledger (id INT PRIMARY KEY)');

    // Act
    const { Id } = await client().send(
      new BatchExecuteStatementCommand({
        ...target,
        Sqls: [
          'INSERT INTO ledger VALUES (1)',
          'INSERT INTO ledger VALUES (1)',
          'INSERT INTO ledger VALUES (3)',
        ],
      }),
    );
    const described = await waitForStatement(Id!);
    const count = await runOk('SELECT COUNT(*) AS n FROM ledger');
    const counted = await client().send(new GetStatementResultCommand({ Id: count.Id }));

    // Assert
    expect(described.Status).toBe('FAILED');
    expect(described.Error).toBe(
      'ERROR: duplicate key value violates unique constraint "ledger_pkey"',
    );
    expect(described.SubStatements?.map((sub) => sub.Status)).toEqual([
      'FINISHED',
      'FAILED',
      'ABORTED',
    ]);
    expect(counted.Records).toEqual([[{ longValue: 0 }]]);
  });

  it('accepts 1 to 40 statements', async () => {
    await expect(
      client().send(
        new BatchExecuteStatementCommand({
          ...target,
          Sqls: Array.from({ length: 41 }, () => 'SELECT 1'),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('between 1 and 40'),
    });
    await expect(
      client().send(new BatchExecuteStatementCommand({ ...target, Sqls: [] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('ListStatements and CancelStatement', () => {
  it('lists newest first, filtered by status and statement name prefix, in pages', async () => {
    // Arrange
    await runOk('SELECT 1', { StatementName: 'report-1' });
    await run('SELECT * FROM missing', { StatementName: 'report-2' });
    await runOk('SELECT 3', { StatementName: 'other' });

    // Act
    const reports = await client().send(new ListStatementsCommand({ StatementName: 'report' }));
    const failed = await client().send(new ListStatementsCommand({ Status: 'FAILED' }));
    const firstPage = await client().send(new ListStatementsCommand({ MaxResults: 2 }));
    const secondPage = await client().send(
      new ListStatementsCommand({ MaxResults: 2, NextToken: firstPage.NextToken }),
    );

    // Assert
    expect(reports.Statements?.map((statement) => statement.StatementName)).toEqual([
      'report-2',
      'report-1',
    ]);
    expect(
      failed.Statements?.map((statement) => [statement.StatementName, statement.QueryString]),
    ).toEqual([['report-2', 'SELECT * FROM missing']]);
    expect(firstPage.Statements?.map((statement) => statement.StatementName)).toEqual([
      'other',
      'report-2',
    ]);
    expect(secondPage.Statements?.map((statement) => statement.StatementName)).toEqual([
      'report-1',
    ]);
    expect(secondPage.NextToken).toBeUndefined();
  });

  it('refuses to cancel a statement that already finished', async () => {
    const { Id } = await runOk('SELECT 1');
    await expect(client().send(new CancelStatementCommand({ Id }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Could not cancel a query that is already in FINISHED state with ID: ${Id}`,
    });
  });
});

describe('COPY from the local S3', () => {
  const s3 = (): S3Client =>
    new S3Client({ ...cloud().clientConfig, systemClockOffset: clockOffsetMs });

  async function putObjects(objects: Record<string, string>): Promise<void> {
    await s3().send(new CreateBucketCommand({ Bucket: 'landing' }));
    for (const [key, body] of Object.entries(objects))
      await s3().send(new PutObjectCommand({ Bucket: 'landing', Key: key, Body: body }));
  }

  async function rows(table: string) {
    const { Id } = await runOk(`SELECT * FROM ${table} ORDER BY 1`);
    return (await client().send(new GetStatementResultCommand({ Id }))).Records;
  }

  beforeEach(async () => {
    await runOk(
      'CREATE TABLE events (id INTEGER, kind VARCHAR(20), happened_at TIMESTAMP) DISTSTYLE EVEN',
    );
  });

  it('loads JSON lines from every object under the prefix, matching keys to columns', async () => {
    // Arrange
    await putObjects({
      'events/part-0.json':
        '{"id": 1, "kind": "click", "happened_at": "2024-01-01T10:00:00"}\n{"id": 2, "extra": true}\n',
      'events/part-1.json': '{"id": 3, "kind": "view", "happened_at": "2024-01-02 11:00:00"}',
      'other/part-0.json': '{"id": 99}',
    });

    // Act
    const copy = await runOk(
      "COPY events FROM 's3://landing/events/' IAM_ROLE 'arn:aws:iam::000000000000:role/copy' FORMAT AS JSON 'auto'",
    );

    // Assert
    expect(copy.ResultRows).toBe(3);
    expect(await rows('events')).toEqual([
      [{ longValue: 1 }, { stringValue: 'click' }, { stringValue: '2024-01-01 10:00:00' }],
      [{ longValue: 2 }, { isNull: true }, { isNull: true }],
      [{ longValue: 3 }, { stringValue: 'view' }, { stringValue: '2024-01-02 11:00:00' }],
    ]);
  });

  it('loads CSV with a header, a custom delimiter and quoted fields', async () => {
    // Arrange
    await putObjects({
      'csv/events.csv': 'id;kind;happened_at\n1;"semi;colon";2024-03-01 00:00:00\n2;;\n',
    });

    // Act
    await runOk(
      "COPY events (id, kind, happened_at) FROM 's3://landing/csv/' CREDENTIALS 'aws_iam_role=arn' CSV IGNOREHEADER 1 DELIMITER ';' TIMEFORMAT 'auto' REGION 'us-east-1'",
    );

    // Assert
    expect(await rows('events')).toEqual([
      [{ longValue: 1 }, { stringValue: 'semi;colon' }, { stringValue: '2024-03-01 00:00:00' }],
      [{ longValue: 2 }, { stringValue: '' }, { isNull: true }],
    ]);
  });

  it('fails the whole load on a malformed record, naming the table, file and line', async () => {
    // Arrange
    await putObjects({ 'bad/a.csv': '1,ok,2024-01-01\nnot-a-number,bad,2024-01-01\n' });

    // Act
    const described = await run("COPY events FROM 's3://landing/bad/a.csv' IAM_ROLE default CSV");

    // Assert
    expect(described.Status).toBe('FAILED');
    expect(described.Error).toContain("Load into table 'events' failed.");
    expect(described.Error).toContain(
      'File s3://landing/bad/a.csv, line 2: invalid input syntax for type integer: "not-a-number"',
    );
    expect(await rows('events')).toEqual([]);
  });

  it('reads GZIP objects from a source installed on the service', async () => {
    // Arrange
    const service: RedshiftDataService = cloud().services.redshiftData;
    const body = gzipSync('{"ID": 7, "Kind": "open"}\n');
    service.useObjectSource({
      list: (bucket, prefix) =>
        bucket === 'stub' && 'day=1/x.gz'.startsWith(prefix) ? [{ key: 'day=1/x.gz' }] : [],
      read: (bucket, key) => (bucket === 'stub' && key === 'day=1/x.gz' ? body : undefined),
    });

    try {
      // Act
      await runOk(
        "COPY events FROM 's3://stub/day=1/' IAM_ROLE default JSON 'auto ignorecase' GZIP",
      );

      // Assert
      expect(await rows('events')).toEqual([
        [{ longValue: 7 }, { stringValue: 'open' }, { isNull: true }],
      ]);
    } finally {
      service.useObjectSource(undefined);
    }
  });
});

describe('snapshot and restore', () => {
  it('restores statement history and rebuilds the data by replaying committed statements', async () => {
    // Arrange
    const service: RedshiftDataService = cloud().services.redshiftData;
    await runOk('CREATE TABLE kept (id INT, label VARCHAR(10))');
    const insert = await runOk('INSERT INTO kept VALUES (:id, :label)', {
      Parameters: [
        { name: 'id', value: '1' },
        { name: 'label', value: 'one' },
      ],
    });
    const state = JSON.parse(JSON.stringify(service.snapshot!())) as unknown;
    cloud().reset();

    // Act
    service.restore!(state);
    const select = await runOk('SELECT id, label FROM kept');
    const result = await client().send(new GetStatementResultCommand({ Id: select.Id }));
    const described = await client().send(new DescribeStatementCommand({ Id: insert.Id }));

    // Assert
    expect(result.Records).toEqual([[{ longValue: 1 }, { stringValue: 'one' }]]);
    expect(described).toMatchObject({ Status: 'FINISHED', ResultRows: 1 });
  });

  it('forgets every table on reset', async () => {
    // Arrange
    await runOk('CREATE TABLE gone (id INT)');

    // Act
    cloud().reset();
    createEndpoints();
    const described = await run('SELECT * FROM gone');

    // Assert
    expect(described.Error).toBe('ERROR: relation "gone" does not exist');
  });
});
