/**
 * S3 failures are logged so they can be told apart: a failed HEAD has no body, so the SDK names
 * every one `Unknown`; the HTTP status and the request ids are what is left.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import {
  LAMBDA_CONTEXT,
  receiveRecords,
  useLake,
  sqsEvent,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const KEY = 'transactions/year=2026/month=03/day=12/part-0001.json';

it.each([
  ['SlowDown', 503],
  ['AccessDenied', 403],
] as const)('a HEAD failing with %s logs status %i and the request id', async (code, status) => {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'x' }));
  const [record] = await receiveRecords(lake());
  const { deps, observed } = transferDependencies(cloud(), lake(), {
    // One attempt: the SDK's own retries are not what is tested.
    overrides: { s3: new S3Client({ ...cloud().clientConfig, maxAttempts: 1 }) },
  });
  cloud().faults.inject({ service: 's3', operation: 'HeadObject', error: { code, status } });

  const result = await createBatchHandler(deps)(sqsEvent([record!]), LAMBDA_CONTEXT);

  expect(result.batchItemFailures).toEqual([{ itemIdentifier: record!.messageId }]);
  const warning = observed.logs.find((log) => log.level === 'warn');
  expect(warning?.extra[0]).toMatchObject({
    error: { statusCode: status, requestId: expect.stringMatching(/\S/) },
  });
});
