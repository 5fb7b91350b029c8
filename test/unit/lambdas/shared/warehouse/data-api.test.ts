import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { WarehouseSession, fieldValue } from '../../../../../lambdas/shared/warehouse/data-api';
import {
  BatchLimitError,
  WarehouseRequestError,
  WarehouseStatementError,
  WarehouseTimeoutError,
} from '../../../../../lambdas/shared/warehouse/errors';

const target = { workgroupName: 'wg', database: 'dev' };
const ID = '11111111-2222-3333-4444-555555555555';

/** A client whose `send` answers from a script, per command class, and records what it got. */
function scriptedClient(answers: Map<unknown, Array<(input: unknown) => unknown>>) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  const send = jest.fn((command: { constructor: unknown; input: Record<string, unknown> }) => {
    sent.push({ command: (command.constructor as { name: string }).name, input: command.input });
    const queue = answers.get(command.constructor);
    const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!next) return Promise.reject(new Error(`unexpected ${String(command.constructor)}`));
    try {
      return Promise.resolve(next(command.input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return { client: { send } as unknown as RedshiftDataClient, sent };
}

describe('WarehouseSession', () => {
  it('submits with the target and options, polls until FINISHED, and reports rows', async () => {
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [
          DescribeStatementCommand,
          [
            () => ({ Id: ID, Status: 'SUBMITTED' }),
            () => ({ Id: ID, Status: 'STARTED' }),
            () => ({ Id: ID, Status: 'FINISHED', ResultRows: 3, HasResultSet: false }),
          ],
        ],
      ]),
    );
    const session = new WarehouseSession(client, target, {
      pollMs: 0,
      withEvent: true,
      statementName: 'elt',
    });

    const outcome = await session.execute('DELETE FROM t WHERE d = :day', { day: '2024-05-01' });

    expect(outcome).toEqual({
      id: ID,
      statements: [{ id: ID, resultRows: 3, hasResultSet: false }],
    });
    expect(sent[0]).toEqual({
      command: 'ExecuteStatementCommand',
      input: {
        WorkgroupName: 'wg',
        Database: 'dev',
        WithEvent: true,
        StatementName: 'elt',
        Parameters: [{ name: 'day', value: '2024-05-01' }],
        Sql: 'DELETE FROM t WHERE d = :day',
      },
    });
    expect(sent.filter((call) => call.command === 'DescribeStatementCommand')).toHaveLength(3);
  });

  it('submits a batch without the event when the caller says so, and with it otherwise', async () => {
    const finished = () => ({ Id: ID, Status: 'FINISHED', ResultRows: 0 });
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [BatchExecuteStatementCommand, [() => ({ Id: ID }), () => ({ Id: ID })]],
        [DescribeStatementCommand, [finished, finished]],
      ]),
    );
    const session = new WarehouseSession(client, target, { pollMs: 0, withEvent: true });

    await session.batch(['COPY t FROM x'], undefined, { withEvent: false });
    await session.batch(['DELETE FROM t']);

    const batches = sent.filter((call) => call.command === 'BatchExecuteStatementCommand');
    expect(batches.map((call) => (call.input as { WithEvent?: boolean }).WithEvent)).toEqual([
      undefined,
      true,
    ]);
  });

  it('polls a running statement after waits that grow by half, up to pollMs', async () => {
    jest.useFakeTimers();
    try {
      const polledAt: number[] = [];
      const running = () => {
        polledAt.push(Date.now());
        return { Id: ID, Status: 'STARTED' };
      };
      const { client } = scriptedClient(
        new Map<unknown, Array<(input: unknown) => unknown>>([
          [ExecuteStatementCommand, [() => ({ Id: ID })]],
          [
            DescribeStatementCommand,
            [
              ...Array.from({ length: 11 }, () => running),
              () => ({ Id: ID, Status: 'FINISHED', ResultRows: 0 }),
            ],
          ],
        ]),
      );
      const done = new WarehouseSession(client, target, { pollMs: 200 }).execute('SELECT 1');
      await jest.advanceTimersByTimeAsync(5_000);
      await done;
      const waits = polledAt.slice(1).map((at, index) => at - polledAt[index]!);
      // 25, then half as long again each time (rounded down by the timer), capped at 200.
      expect(waits).toEqual([25, 37, 56, 84, 126, 189, 200, 200, 200, 200]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("connects with the target's secret on both kinds of submission, and omits it otherwise", async () => {
    const finished = () => ({ Id: ID, Status: 'FINISHED', ResultRows: 0 });
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [BatchExecuteStatementCommand, [() => ({ Id: ID })]],
        [DescribeStatementCommand, [finished]],
      ]),
    );
    const secretArn =
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!ns-admin-AbCdEf';
    const asAdmin = new WarehouseSession(client, { ...target, secretArn }, { pollMs: 0 });
    const asItself = new WarehouseSession(client, target, { pollMs: 0 });

    await asAdmin.execute('CREATE SCHEMA s');
    await asAdmin.batch(['CREATE ROLE r', 'GRANT USAGE ON SCHEMA s TO ROLE r']);
    await asItself.execute('SELECT 1');

    const submissions = sent.filter((call) => call.command !== 'DescribeStatementCommand');
    expect(submissions.map((call) => [call.command, call.input.SecretArn])).toEqual([
      ['ExecuteStatementCommand', secretArn],
      ['BatchExecuteStatementCommand', secretArn],
      ['ExecuteStatementCommand', undefined],
    ]);
    expect(submissions[2]?.input).not.toHaveProperty('SecretArn');
    expect(submissions[0]?.input).toMatchObject({ WorkgroupName: 'wg', Database: 'dev' });
  });

  it('maps a failed batch to WarehouseStatementError with the failing statement', async () => {
    const { client } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [BatchExecuteStatementCommand, [() => ({ Id: ID })]],
        [
          DescribeStatementCommand,
          [
            () => ({
              Id: ID,
              Status: 'FAILED',
              Error: 'ERROR: relation "x" does not exist',
              SubStatements: [
                { Id: `${ID}:1`, Status: 'FINISHED' },
                { Id: `${ID}:2`, Status: 'FAILED', Error: 'ERROR: relation "x" does not exist' },
                { Id: `${ID}:3`, Status: 'ABORTED' },
              ],
            }),
          ],
        ],
      ]),
    );
    const session = new WarehouseSession(client, target, { pollMs: 0 });

    const failure = session.batch(['SELECT 1', 'SELECT * FROM x', 'SELECT 3']);

    await expect(failure).rejects.toBeInstanceOf(WarehouseStatementError);
    await expect(failure).rejects.toMatchObject({
      statementId: ID,
      status: 'FAILED',
      engineError: 'ERROR: relation "x" does not exist',
      failedStatementIndex: 1,
    });
  });

  it('reports each statement of a finished batch', async () => {
    const { client } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [BatchExecuteStatementCommand, [() => ({ Id: ID })]],
        [
          DescribeStatementCommand,
          [
            () => ({
              Id: ID,
              Status: 'FINISHED',
              ResultRows: -1,
              SubStatements: [
                { Id: `${ID}:1`, Status: 'FINISHED', ResultRows: 2 },
                { Id: `${ID}:2`, Status: 'FINISHED', ResultRows: -1, HasResultSet: false },
              ],
            }),
          ],
        ],
      ]),
    );
    const outcome = await new WarehouseSession(client, target, { pollMs: 0 }).batch(['a', 'b']);
    expect(outcome.statements.map((statement) => statement.resultRows)).toEqual([2, 0]);
  });

  it('reads every page of a result, typed from the fields', async () => {
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [DescribeStatementCommand, [() => ({ Id: ID, Status: 'FINISHED', HasResultSet: true })]],
        [
          GetStatementResultCommand,
          [
            () => ({
              ColumnMetadata: [{ name: 'n' }, { name: 'label' }],
              Records: [[{ longValue: 1 }, { stringValue: 'a' }]],
              NextToken: 'page-2',
            }),
            () => ({
              ColumnMetadata: [{ name: 'n' }, { name: 'label' }],
              Records: [[{ longValue: 2 }, { isNull: true }]],
            }),
          ],
        ],
      ]),
    );
    const rows = await new WarehouseSession(client, target, { pollMs: 0 }).query('SELECT …');
    expect(rows).toEqual([
      { n: 1, label: 'a' },
      { n: 2, label: null },
    ]);
    const pages = sent.filter((call) => call.command === 'GetStatementResultCommand');
    expect(pages.map((call) => call.input.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('yields a result page by page, asking for the next page only when the last is taken', async () => {
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [DescribeStatementCommand, [() => ({ Id: ID, Status: 'FINISHED', HasResultSet: true })]],
        [
          GetStatementResultCommand,
          [
            () => ({
              ColumnMetadata: [{ name: 'n' }],
              Records: [[{ longValue: 1 }], [{ longValue: 2 }]],
              NextToken: 'page-2',
            }),
            () => ({ ColumnMetadata: [{ name: 'n' }], Records: [[{ longValue: 3 }]] }),
          ],
        ],
      ]),
    );
    const pages = new WarehouseSession(client, target, { pollMs: 0 }).queryPages('SELECT …');
    const fetched = () => sent.filter((call) => call.command === 'GetStatementResultCommand');

    const first = await pages.next();
    expect(first.value).toEqual([{ n: 1 }, { n: 2 }]);
    expect(fetched()).toHaveLength(1);
    const second = await pages.next();
    expect(second.value).toEqual([{ n: 3 }]);
    expect((await pages.next()).done).toBe(true);
    expect(fetched().map((call) => call.input.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('yields no page for a statement without a result set', async () => {
    const { client } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [DescribeStatementCommand, [() => ({ Id: ID, Status: 'FINISHED', HasResultSet: false })]],
      ]),
    );
    const pages: unknown[] = [];
    for await (const page of new WarehouseSession(client, target, { pollMs: 0 }).queryPages(
      'DELETE',
    ))
      pages.push(page);
    expect(pages).toEqual([]);
  });

  it('cancels a statement that outlives the timeout', async () => {
    const { client, sent } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [ExecuteStatementCommand, [() => ({ Id: ID })]],
        [DescribeStatementCommand, [() => ({ Id: ID, Status: 'STARTED' })]],
        [CancelStatementCommand, [() => ({ Status: true })]],
      ]),
    );
    const session = new WarehouseSession(client, target, { pollMs: 0, timeoutMs: 0 });
    await expect(session.execute('SELECT pg_sleep(60)')).rejects.toBeInstanceOf(
      WarehouseTimeoutError,
    );
    expect(sent.at(-1)).toEqual({ command: 'CancelStatementCommand', input: { Id: ID } });
  });

  it('wraps a refused request, marking validation as not retryable', async () => {
    const refusal = Object.assign(new Error('Sqls too long'), { name: 'ValidationException' });
    const { client } = scriptedClient(
      new Map<unknown, Array<(input: unknown) => unknown>>([
        [
          ExecuteStatementCommand,
          [
            () => {
              throw refusal;
            },
          ],
        ],
      ]),
    );
    const failure = new WarehouseSession(client, target).execute('SELECT 1');
    await expect(failure).rejects.toBeInstanceOf(WarehouseRequestError);
    await expect(failure).rejects.toMatchObject({ retryable: false, cause: refusal });
  });

  it('refuses, before sending, a batch over the limits and an empty parameter', async () => {
    const { client, sent } = scriptedClient(new Map());
    const session = new WarehouseSession(client, target);
    await expect(
      session.batch(Array.from({ length: 41 }, () => 'SELECT 1')),
    ).rejects.toBeInstanceOf(BatchLimitError);
    await expect(session.execute('SELECT :a', { a: '' })).rejects.toThrow(
      'Parameter a has an empty value',
    );
    expect(sent).toEqual([]);
  });
});

describe('fieldValue', () => {
  it.each([
    [{ isNull: true }, null],
    [{ booleanValue: false }, false],
    [{ longValue: 42 }, 42],
    [{ doubleValue: 1.5 }, 1.5],
    [{ stringValue: '19.90' }, '19.90'],
    [{ blobValue: new Uint8Array([104, 105]) }, 'aGk='],
  ])('maps %p', (field, value) => {
    expect(fieldValue(field as never)).toEqual(value);
  });
});
