/**
 * What the Data API remembers of a statement, kept JSON-serializable (times in epoch ms) so the
 * emulator can snapshot it, and how it is shown by DescribeStatement and ListStatements.
 */
import type { ColumnMetadata, ResultField } from './result-format';
import type { ConnectionTarget, SqlParameter } from './validation';

export type StatementStatus =
  'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export const TERMINAL_STATUSES: ReadonlySet<StatementStatus> = new Set([
  'FINISHED',
  'FAILED',
  'ABORTED',
]);

export interface StoredResult {
  readonly columns: readonly ColumnMetadata[];
  readonly records: readonly (readonly ResultField[])[];
}

export interface SubStatementRecord {
  readonly id: string;
  readonly queryString: string;
  status: StatementStatus;
  error?: string;
  readonly createdAt: number;
  updatedAt: number;
  /** Nanoseconds the statement ran; -1 until it ends. */
  durationNs: number;
  hasResultSet: boolean;
  /** Rows returned or affected; -1 until known. */
  resultRows: number;
  resultSize: number;
  redshiftQueryId: number;
  result?: StoredResult;
}

export interface StatementRecord {
  readonly id: string;
  readonly isBatch: boolean;
  readonly statementName?: string;
  readonly parameters?: readonly SqlParameter[];
  readonly target: ConnectionTarget;
  readonly resultFormat: 'JSON' | 'CSV';
  readonly withEvent: boolean;
  readonly redshiftPid: number;
  status: StatementStatus;
  error?: string;
  readonly createdAt: number;
  updatedAt: number;
  durationNs: number;
  /** One entry for ExecuteStatement (holding its result), one per SQL for a batch. */
  readonly subStatements: SubStatementRecord[];
}

function targetFields(record: StatementRecord): Record<string, unknown> {
  const { target } = record;
  return {
    ClusterIdentifier: target.clusterIdentifier,
    WorkgroupName: target.workgroupName,
    Database: target.database,
    DbUser: target.dbUser,
    SecretArn: target.secretArn,
  };
}

function totals(record: StatementRecord): { rows: number; size: number; hasResultSet: boolean } {
  const finished = TERMINAL_STATUSES.has(record.status);
  if (!finished) return { rows: -1, size: -1, hasResultSet: false };
  const subs = record.subStatements;
  return {
    rows: subs.reduce((sum, sub) => sum + Math.max(sub.resultRows, 0), 0),
    size: subs.reduce((sum, sub) => sum + Math.max(sub.resultSize, 0), 0),
    hasResultSet: subs.some((sub) => sub.hasResultSet),
  };
}

/** The output of ExecuteStatement / BatchExecuteStatement. */
export function submittedView(record: StatementRecord): Record<string, unknown> {
  return { Id: record.id, CreatedAt: new Date(record.createdAt), ...targetFields(record) };
}

export function describeView(record: StatementRecord): Record<string, unknown> {
  const { rows, size, hasResultSet } = totals(record);
  const last = record.subStatements[record.subStatements.length - 1];
  return {
    Id: record.id,
    ...targetFields(record),
    Status: record.status,
    Error: record.error,
    CreatedAt: new Date(record.createdAt),
    UpdatedAt: new Date(record.updatedAt),
    Duration: record.durationNs,
    HasResultSet: hasResultSet,
    QueryString: record.isBatch ? undefined : record.subStatements[0]?.queryString,
    QueryParameters: record.parameters,
    ResultRows: rows,
    ResultSize: size,
    RedshiftPid: record.redshiftPid,
    RedshiftQueryId: last?.redshiftQueryId ?? 0,
    ResultFormat: record.resultFormat,
    SubStatements: record.isBatch ? record.subStatements.map(subStatementView) : undefined,
  };
}

export function subStatementView(sub: SubStatementRecord): Record<string, unknown> {
  return {
    Id: sub.id,
    QueryString: sub.queryString,
    Status: sub.status,
    Error: sub.error,
    CreatedAt: new Date(sub.createdAt),
    UpdatedAt: new Date(sub.updatedAt),
    Duration: sub.durationNs,
    HasResultSet: sub.hasResultSet,
    ResultRows: sub.resultRows,
    ResultSize: sub.resultSize,
    RedshiftQueryId: sub.redshiftQueryId,
  };
}

/** DescribeStatement on `<id>:<n>`: the sub-statement, with its batch's connection fields. */
export function describeSubStatementView(
  record: StatementRecord,
  sub: SubStatementRecord,
): Record<string, unknown> {
  return {
    ...targetFields(record),
    ...subStatementView(sub),
    RedshiftPid: record.redshiftPid,
    QueryParameters: record.parameters,
    ResultFormat: record.resultFormat,
  };
}

export function listView(record: StatementRecord): Record<string, unknown> {
  return {
    Id: record.id,
    StatementName: record.statementName,
    Status: record.status,
    CreatedAt: new Date(record.createdAt),
    UpdatedAt: new Date(record.updatedAt),
    QueryString: record.isBatch ? undefined : record.subStatements[0]?.queryString,
    QueryStrings: record.isBatch ? record.subStatements.map((sub) => sub.queryString) : undefined,
    QueryParameters: record.parameters,
    SecretArn: record.target.secretArn,
    IsBatchStatement: record.isBatch,
    ResultFormat: record.resultFormat,
  };
}
