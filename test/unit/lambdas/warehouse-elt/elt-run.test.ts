/**
 * A nightly catch-up's failures, with a session that fails the catch-up's month paths: a
 * permanent failure loads the night alone and counts it; a retryable one fails the invocation,
 * for Lambda to retry whole.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { WarehouseSession } from '../../../../lambdas/shared/warehouse/data-api';
import {
  WarehouseRequestError,
  WarehouseStatementError,
} from '../../../../lambdas/shared/warehouse/errors';
import { COPY_FORMAT_CLAUSES } from '../../../../lambdas/shared/warehouse/elt';
import { createEltHandler } from '../../../../lambdas/warehouse-elt/elt-run';
import { glueJobStateChange } from '../../../fixtures/events/warehouse';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const sql = useSqlFolder();
const RANGED_LOAD =
  "DELETE FROM staging.t;\nCOPY staging.t FROM 's3://{{CLEAN_BUCKET}}/t/{{PARTITION_PATH}}/' IAM_ROLE '{{COPY_ROLE_ARN}}' {{COPY_FORMAT}};\n";

/** Answers every batch, except a COPY of a month's path (a catch-up's), which fails with `error`. */
function sessionFailingMonths(error: Error) {
  const batches: string[][] = [];
  const session = {
    query: () => Promise.resolve([]),
    batch: (sqls: string[]) => {
      batches.push(sqls);
      if (sqls.some((each) => /month=\d{2}\/'/.test(each))) return Promise.reject(error);
      return Promise.resolve({
        id: 'b',
        statements: sqls.map(() => ({ id: 's', resultRows: 0, hasResultSet: false })),
      });
    },
  } as unknown as WarehouseSession;
  return { session, batches };
}

function handlerWith(session: WarehouseSession) {
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'warehouse-elt' });
  const counted: string[] = [];
  const addMetric = metrics.addMetric.bind(metrics);
  metrics.addMetric = (name, unit, value) => {
    counted.push(name);
    return addMetric(name, unit, value);
  };
  const handler = createEltHandler({
    session,
    sqlDirectory: sql().root,
    variables: {
      CLEAN_BUCKET: 'lake-clean',
      CURATED_BUCKET: 'lake-curated',
      COPY_ROLE_ARN: 'arn:aws:iam::123456789012:role/copy',
      COPY_FORMAT: COPY_FORMAT_CLAUSES.parquet,
    },
    modelVariables: { ML_ROLE_ARN: 'r', ML_BUCKET: 'b', ML_KMS_KEY_ID: 'k' },
    logger: new Logger({ serviceName: 'warehouse-elt', logLevel: 'SILENT' }),
    metrics,
    publishMetrics: () => metrics.clearMetrics(),
  });
  return { handler, counted };
}

const NIGHT = glueJobStateChange('SUCCEEDED', '2024-05-02T01:17:45Z');

describe('a nightly catch-up that fails', () => {
  beforeEach(() =>
    sql().write({ 'loads/01_t.sql': RANGED_LOAD, 'transforms/01.sql': 'SELECT 1;' }),
  );

  it('loads the night alone on a permanent failure, and counts it', async () => {
    const { session, batches } = sessionFailingMonths(
      new WarehouseStatementError('s', 'FAILED', 'ERROR: malformed Parquet file'),
    );
    const { handler, counted } = handlerWith(session);

    const result = await handler(NIGHT);

    expect(result).toMatchObject({
      status: 'ran',
      report: { day: '2024-05-01', fromDay: '2024-05-01' },
      catchUp: { fromDay: '2024-02-02', error: expect.stringContaining('loads/01_t.sql') },
    });
    expect(counted).toContain('EltCatchUpFailures');
    expect(batches.at(-2)?.some((each) => each.includes('day=01/'))).toBe(true);
  });

  it('fails the invocation on a retryable failure, without falling back', async () => {
    const { session, batches } = sessionFailingMonths(
      new WarehouseRequestError('BatchExecuteStatement', new Error('Rate exceeded')),
    );
    const { handler, counted } = handlerWith(session);

    await expect(handler(NIGHT)).rejects.toMatchObject({ name: 'EltStepError', retryable: true });
    expect(counted).not.toContain('EltCatchUpFailures');
    expect(batches.some((each) => each.some((sql) => sql.includes('day=01/')))).toBe(false);
  });
});
