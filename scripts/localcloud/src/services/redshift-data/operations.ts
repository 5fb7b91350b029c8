/** The Data API operations: input validation, then the engine, then the documented output. */
import { AwsError } from '../../core/aws-error';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { decodePageToken, encodePageToken } from './page-token';
import { toCsv } from './result-csv';
import {
  describeSubStatementView,
  describeView,
  listView,
  submittedView,
  TERMINAL_STATUSES,
  type StatementRecord,
  type SubStatementRecord,
} from './statement-model';
import type { RedshiftEndpoints } from './endpoints';
import type { StatementEngine, Submission } from './statement-engine';
import {
  MAX_BATCH_SQLS,
  optionalString,
  readConnectionTarget,
  readParameters,
  readResultFormat,
  readWaitSeconds,
  requireString,
  validateSql,
  validateStatementId,
  validateStatementName,
  validationError,
} from './validation';

/** Records per GetStatementResult page. */
export const RESULT_PAGE_SIZE = 1000;
const DEFAULT_LIST_PAGE_SIZE = 100;
/** The Data API keeps statements and their results for 24 hours. */
const RETENTION_MS = 24 * 60 * 60 * 1000;
const LIST_STATUSES = ['ABORTED', 'ALL', 'FAILED', 'FINISHED', 'PICKED', 'STARTED', 'SUBMITTED'];

function notFound(id: string): AwsError {
  return new AwsError('ResourceNotFoundException', 'Query does not exist.', 400, {
    fields: { ResourceId: id },
  });
}

function readWithEvent(input: WireJson): boolean {
  if (input.WithEvent !== undefined && typeof input.WithEvent !== 'boolean')
    throw validationError('WithEvent must be a boolean');
  return input.WithEvent === true;
}

export function createOperations(
  engine: StatementEngine,
  endpoints: RedshiftEndpoints,
  now: () => Date,
): Record<string, JsonOperation> {
  const clientTokens = new Map<string, string>();

  function submitOnce(input: WireJson, submit: () => StatementRecord): Record<string, unknown> {
    const token = optionalString(input, 'ClientToken');
    const earlier =
      token !== undefined ? engine.statements.get(clientTokens.get(token) ?? '') : undefined;
    const record = earlier ?? submit();
    if (token !== undefined) clientTokens.set(token, record.id);
    return submittedView(record);
  }

  /**
   * Submits once per client token, then waits up to the request's wait time before answering, so
   * a caller that asked to wait learns the status in the same response.
   */
  async function submitAndWait(
    input: WireJson,
    submission: Submission,
  ): Promise<Record<string, unknown>> {
    const waitSeconds = readWaitSeconds(input);
    const output = submitOnce(input, () => engine.submit(submission));
    const record = engine.statements.get(output.Id as string)!;
    await engine.waitFor(record, waitSeconds);
    return waitSeconds > 0 ? { ...output, Status: record.status } : output;
  }

  function find(id: string): { record: StatementRecord; sub?: SubStatementRecord } {
    validateStatementId(id);
    const [parentId, position] = id.split(':');
    const record = engine.statements.get(parentId!);
    if (!record || now().getTime() - record.createdAt > RETENTION_MS) throw notFound(id);
    if (position === undefined) return { record };
    const sub = record.isBatch ? record.subStatements[Number(position) - 1] : undefined;
    if (!sub) throw notFound(id);
    return { record, sub };
  }

  function finishedResult(input: WireJson, expected: 'JSON' | 'CSV') {
    const id = requireString(input, 'Id', 'id');
    const { record, sub } = find(id);
    const target = sub ?? (record.isBatch ? undefined : record.subStatements[0]);
    if (!target || target.status !== 'FINISHED' || !target.result) {
      throw new AwsError(
        'ResourceNotFoundException',
        'Query does not have result. Please check query status with DescribeStatement.',
        400,
        { fields: { ResourceId: id } },
      );
    }
    if (now().getTime() - target.updatedAt > RETENTION_MS) {
      const expiredAt = Math.floor((target.updatedAt + RETENTION_MS) / 1000);
      throw validationError(
        `Could not retrieve the query result as it has expired after ${expiredAt}.`,
      );
    }
    if (record.resultFormat !== expected) {
      const operation =
        record.resultFormat === 'CSV' ? 'GetStatementResultV2' : 'GetStatementResult';
      throw validationError(`The query result format is ${record.resultFormat}; use ${operation}.`);
    }
    const offset = decodePageToken(
      optionalString(input, 'NextToken'),
      id,
      target.result.records.length,
    );
    const end = offset + RESULT_PAGE_SIZE;
    const nextToken = end < target.result.records.length ? encodePageToken(id, end) : undefined;
    return { result: target.result, offset, end, nextToken };
  }

  return {
    async ExecuteStatement(input) {
      const sql = requireString(input, 'Sql', 'sql');
      validateSql(sql, 'sql');
      const statementName = optionalString(input, 'StatementName');
      validateStatementName(statementName);
      const parameters = readParameters(input);
      const target = endpoints.requireExisting(readConnectionTarget(input));
      const submission = {
        sqls: [sql],
        isBatch: false,
        target,
        ...(parameters && { parameters }),
        ...(statementName !== undefined && { statementName }),
        resultFormat: readResultFormat(input),
        withEvent: readWithEvent(input),
      };
      return submitAndWait(input, submission);
    },

    async BatchExecuteStatement(input) {
      const sqls: unknown = input.Sqls;
      if (!Array.isArray(sqls))
        throw validationError(
          "1 validation error detected: Value null at 'sqls' failed to satisfy constraint: Member must not be null",
        );
      if (sqls.length < 1 || sqls.length > MAX_BATCH_SQLS)
        throw validationError(
          `1 validation error detected: Value at 'sqls' failed to satisfy constraint: Member must have length between 1 and ${MAX_BATCH_SQLS}`,
        );
      sqls.forEach((sql, index) => {
        if (typeof sql !== 'string') throw validationError(`Sqls[${index}] must be a string`);
        validateSql(sql, `sqls.${index + 1}.member`);
      });
      if (input.ExecutionMode !== undefined && input.ExecutionMode !== 'TRANSACTION')
        throw validationError(
          'ExecutionMode AUTO_COMMIT is not supported by the local Redshift Data API.',
        );
      const statementName = optionalString(input, 'StatementName');
      validateStatementName(statementName);
      const parameters = readParameters(input);
      const submission = {
        sqls: sqls as string[],
        isBatch: true,
        target: endpoints.requireExisting(readConnectionTarget(input)),
        ...(parameters && { parameters }),
        ...(statementName !== undefined && { statementName }),
        resultFormat: readResultFormat(input),
        withEvent: readWithEvent(input),
      };
      return submitAndWait(input, submission);
    },

    async DescribeStatement(input) {
      const { record, sub } = find(requireString(input, 'Id', 'id'));
      await engine.waitFor(record, readWaitSeconds(input));
      return sub ? describeSubStatementView(record, sub) : describeView(record);
    },

    GetStatementResult(input) {
      const { result, offset, end, nextToken } = finishedResult(input, 'JSON');
      return {
        Records: result.records.slice(offset, end),
        ColumnMetadata: result.columns,
        TotalNumRows: result.records.length,
        NextToken: nextToken,
      };
    },

    GetStatementResultV2(input) {
      const { result, offset, end, nextToken } = finishedResult(input, 'CSV');
      return {
        Records: [{ CSVRecords: toCsv(result, offset, end) }],
        ColumnMetadata: result.columns,
        TotalNumRows: result.records.length,
        ResultFormat: 'CSV',
        NextToken: nextToken,
      };
    },

    CancelStatement(input) {
      const id = requireString(input, 'Id', 'id');
      const { record, sub } = find(id);
      if (sub) throw notFound(id);
      if (TERMINAL_STATUSES.has(record.status))
        throw validationError(
          `Could not cancel a query that is already in ${record.status} state with ID: ${id}`,
        );
      engine.cancel(record);
      return { Status: true };
    },

    ListStatements(input) {
      const maxResults = input.MaxResults ?? DEFAULT_LIST_PAGE_SIZE;
      if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 100)
        throw validationError(
          `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
        );
      const status = optionalString(input, 'Status') ?? 'ALL';
      if (!LIST_STATUSES.includes(status))
        throw validationError(
          `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [${LIST_STATUSES.join(', ')}]`,
        );
      const clusterIdentifier = optionalString(input, 'ClusterIdentifier');
      const workgroupName = optionalString(input, 'WorkgroupName');
      if (clusterIdentifier !== undefined && workgroupName !== undefined)
        throw validationError('Specify either a ClusterIdentifier or a WorkgroupName, not both.');
      const name = optionalString(input, 'StatementName');
      const database = optionalString(input, 'Database');
      const cutoff = now().getTime() - RETENTION_MS;
      const matching = [...engine.statements.values()]
        .filter((record) => record.createdAt >= cutoff)
        .filter((record) => status === 'ALL' || record.status === status)
        .filter((record) => name === undefined || (record.statementName ?? '').startsWith(name))
        .filter(
          (record) =>
            clusterIdentifier === undefined ||
            record.target.clusterIdentifier === clusterIdentifier,
        )
        .filter(
          (record) => workgroupName === undefined || record.target.workgroupName === workgroupName,
        )
        .filter((record) => database === undefined || record.target.database === database)
        .reverse(); // newest first
      const pageSize = maxResults === 0 ? DEFAULT_LIST_PAGE_SIZE : (maxResults as number);
      const offset = decodePageToken(optionalString(input, 'NextToken'), 'list', matching.length);
      const end = offset + pageSize;
      return {
        Statements: matching.slice(offset, end).map(listView),
        NextToken: end < matching.length ? encodePageToken('list', end) : undefined,
      };
    },
  };
}
