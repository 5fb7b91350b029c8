/**
 * A thin session over the Redshift Data API: submit, wait for the end, read typed rows. Every
 * warehouse caller (migrations, ELT, queries, CLIs) goes through here, so polling, timeouts and
 * error mapping are decided once.
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type ColumnMetadata,
  type DescribeStatementResponse,
  type Field,
  type RedshiftDataClient,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import {
  BatchLimitError,
  WarehouseRequestError,
  WarehouseStatementError,
  WarehouseTimeoutError,
} from './errors';
import { batchLimitViolation } from './sql-statements';

/** Where statements run: a Redshift Serverless workgroup and a database in it. */
export interface WarehouseTarget {
  workgroupName: string;
  database: string;
  /**
   * Secrets Manager secret holding the database user's name and password (`SecretArn`). Without
   * it the Data API connects as the caller's IAM identity (`GetCredentials`, user `IAMR:<role>`).
   * @default none: the caller's IAM identity
   */
  secretArn?: string;
}

export interface WarehouseSessionOptions {
  /** Longest pause between two DescribeStatement calls; waits start short and grow. @default 1000 */
  pollMs?: number;
  /** How long a statement may run before it is cancelled and the call fails. @default 600000 */
  timeoutMs?: number;
  /** Ask the Data API to emit a status-change event when a statement ends. @default false */
  withEvent?: boolean;
  /** Name given to every statement (shows in ListStatements and in events). @default none */
  statementName?: string;
}

export type FieldValue = string | number | boolean | null;
export type Row = Record<string, FieldValue>;

/** One statement of a finished submission (the statement itself, or each of a batch). */
export interface StatementResult {
  readonly id: string;
  /** Rows returned, or rows affected by INSERT/UPDATE/DELETE/COPY; 0 when the engine gives none. */
  readonly resultRows: number;
  readonly hasResultSet: boolean;
}

export interface StatementOutcome {
  /** The submission's id (a batch's parent id). */
  readonly id: string;
  /** One entry per statement, in submission order. */
  readonly statements: readonly StatementResult[];
}

const DEFAULT_POLL_MS = 1000;
const DEFAULT_TIMEOUT_MS = 600_000;
const FIRST_POLL_MS = 25;
/**
 * Each wait is half as long again as the one before, so a statement is seen finished at most
 * about half its run time late; doubling let that reach its whole run time (measured: 2.4 s of a
 * 8.4 s local ELT of 17 statements went to the gaps between them, 1.2 s with this growth). The
 * cost is two or three more DescribeStatement calls in a statement's first seconds.
 */
const POLL_GROWTH = 1.5;

export class WarehouseSession {
  private readonly pollMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: RedshiftDataClient,
    readonly target: WarehouseTarget,
    private readonly options: WarehouseSessionOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs one statement and waits for it to finish. */
  async execute(sql: string, parameters?: Record<string, string>): Promise<StatementOutcome> {
    const violation = batchLimitViolation([sql]);
    if (violation !== undefined) throw new BatchLimitError(`Cannot submit: ${violation}`);
    const submitted = await this.call('ExecuteStatement', () =>
      this.client.send(new ExecuteStatementCommand({ ...this.common(parameters), Sql: sql })),
    );
    return this.waitFor(requireId(submitted.Id));
  }

  /**
   * Runs statements in order as ONE transaction: the first failure rolls all of them back.
   * `withEvent: false` submits this batch without the session's EventBridge event, for a batch
   * whose failure the caller expects and handles itself; `timeoutMs` waits less than the
   * session's timeout (never more), after which the batch is cancelled.
   */
  async batch(
    sqls: string[],
    parameters?: Record<string, string>,
    options: { readonly withEvent?: boolean; readonly timeoutMs?: number } = {},
  ): Promise<StatementOutcome> {
    const violation = batchLimitViolation(sqls);
    if (violation !== undefined) throw new BatchLimitError(`Cannot submit the batch: ${violation}`);
    const withEvent = options.withEvent ?? this.options.withEvent === true;
    const submitted = await this.call('BatchExecuteStatement', () =>
      this.client.send(
        new BatchExecuteStatementCommand({ ...this.common(parameters, withEvent), Sqls: sqls }),
      ),
    );
    return this.waitFor(
      requireId(submitted.Id),
      Math.min(this.timeoutMs, options.timeoutMs ?? this.timeoutMs),
    );
  }

  /** Runs a statement and returns every row of its result, all pages read. */
  async query(sql: string, parameters?: Record<string, string>): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const page of this.queryPages(sql, parameters))
      for (const row of page) rows.push(row);
    return rows;
  }

  /**
   * Runs a statement and yields its result one GetStatementResult page at a time (following
   * NextToken), so a caller can turn rows into work as they arrive instead of holding them all.
   */
  async *queryPages(sql: string, parameters?: Record<string, string>): AsyncGenerator<Row[]> {
    const outcome = await this.execute(sql, parameters);
    if (!outcome.statements[0]?.hasResultSet) return;
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call('GetStatementResult', () =>
        this.client.send(
          new GetStatementResultCommand({
            Id: outcome.id,
            ...(token !== undefined && { NextToken: token }),
          }),
        ),
      );
      const columns = columnNames(page.ColumnMetadata ?? []);
      yield (page.Records ?? []).map((record) => toRow(columns, record));
      nextToken = page.NextToken;
    } while (nextToken !== undefined && nextToken !== '');
  }

  private common(
    parameters: Record<string, string> | undefined,
    withEvent = this.options.withEvent === true,
  ) {
    const list = toParameters(parameters);
    return {
      WorkgroupName: this.target.workgroupName,
      Database: this.target.database,
      ...(this.target.secretArn !== undefined && { SecretArn: this.target.secretArn }),
      ...(withEvent && { WithEvent: true }),
      ...(this.options.statementName !== undefined && {
        StatementName: this.options.statementName,
      }),
      ...(list !== undefined && { Parameters: list }),
    };
  }

  /** Polls DescribeStatement until the statement ends; short waits first, then `pollMs`. */
  private async waitFor(id: string, timeoutMs = this.timeoutMs): Promise<StatementOutcome> {
    const deadline = Date.now() + timeoutMs;
    let wait = Math.min(FIRST_POLL_MS, this.pollMs);
    for (;;) {
      const description = await this.call('DescribeStatement', () =>
        this.client.send(new DescribeStatementCommand({ Id: id })),
      );
      switch (description.Status) {
        case 'FINISHED':
          return outcomeOf(id, description);
        case 'FAILED':
        case 'ABORTED':
          throw statementError(id, description);
        default:
          break;
      }
      if (Date.now() >= deadline) {
        await this.cancelQuietly(id);
        throw new WarehouseTimeoutError(id, timeoutMs);
      }
      await sleep(wait);
      wait = Math.min(wait * POLL_GROWTH, this.pollMs);
    }
  }

  /** A timed-out statement is cancelled so it stops holding locks; failure to cancel is moot. */
  private async cancelQuietly(id: string): Promise<void> {
    try {
      await this.client.send(new CancelStatementCommand({ Id: id }));
    } catch {
      // It may have ended meanwhile; the timeout error is what the caller needs.
    }
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new WarehouseRequestError(operation, error);
    }
  }
}

function requireId(id: string | undefined): string {
  if (id === undefined || id === '')
    throw new WarehouseRequestError('submit', new Error('the response carried no statement Id'));
  return id;
}

function toParameters(parameters: Record<string, string> | undefined): SqlParameter[] | undefined {
  if (parameters === undefined) return undefined;
  const list = Object.entries(parameters).map(([name, value]) => {
    // The Data API refuses empty values; saying so here names the parameter.
    if (value === '') throw new BatchLimitError(`Parameter ${name} has an empty value`);
    return { name, value };
  });
  return list.length === 0 ? undefined : list;
}

function outcomeOf(id: string, description: DescribeStatementResponse): StatementOutcome {
  const subStatements = description.SubStatements ?? [];
  const statements: StatementResult[] =
    subStatements.length > 0
      ? subStatements.map((sub) => ({
          id: sub.Id ?? id,
          resultRows: Math.max(0, sub.ResultRows ?? 0),
          hasResultSet: sub.HasResultSet ?? false,
        }))
      : [
          {
            id,
            resultRows: Math.max(0, description.ResultRows ?? 0),
            hasResultSet: description.HasResultSet ?? false,
          },
        ];
  return { id, statements };
}

function statementError(
  id: string,
  description: DescribeStatementResponse,
): WarehouseStatementError {
  const subStatements = description.SubStatements ?? [];
  const failedIndex = subStatements.findIndex((sub) => sub.Status === 'FAILED');
  const failed = failedIndex === -1 ? undefined : subStatements[failedIndex];
  return new WarehouseStatementError(
    id,
    description.Status ?? 'FAILED',
    description.Error ?? failed?.Error ?? 'no error reported',
    failedIndex === -1 ? undefined : failedIndex,
  );
}

function columnNames(metadata: readonly ColumnMetadata[]): string[] {
  return metadata.map((column, index) => column.label ?? column.name ?? `column${index + 1}`);
}

function toRow(columns: readonly string[], record: readonly Field[]): Row {
  const row: Row = {};
  record.forEach((field, index) => {
    row[columns[index] ?? `column${index + 1}`] = fieldValue(field);
  });
  return row;
}

/** The JavaScript value of one Data API field, by the member the engine filled. */
export function fieldValue(field: Field): FieldValue {
  if (field.isNull === true) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('base64');
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
