import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import type * as HandlerModuleExports from '../../../../lambdas/s3-to-adls/handler';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  transferDependencies,
} from './transfer-fixtures';

type HandlerModule = typeof HandlerModuleExports;

const { cloud, lake } = useLake();

const GOOD = 'customers/year=2026/month=03/day=08/customers.json';
// S3 takes it; an HNS account cannot hold a directory named "bad." (trailing dot).
const IMPOSSIBLE = 'customers/year=2026/bad./customers.json';
const FOLDER = 'customers/year=2026/month=03/';

async function fillQueue(): Promise<void> {
  for (const key of [GOOD, IMPOSSIBLE, FOLDER]) {
    await lake().s3.send(
      new PutObjectCommand({ Bucket: lake().raw, Key: key, Body: key.endsWith('/') ? '' : key }),
    );
  }
  await lake().sqs.send(
    new SendMessageCommand({ QueueUrl: lake().queueUrl, MessageBody: '{"not":"s3"}' }),
  );
}

describe('the batch handler with real SQS records', () => {
  it('reports only the failing records, and fails permanent ones loudly rather than dropping them', async () => {
    await fillQueue();
    const records = await receiveRecords(lake());
    const { deps, observed } = transferDependencies(cloud(), lake());

    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    const idOf = (match: (body: string) => boolean) =>
      records.find((record) => match(record.body))!.messageId;
    expect(records).toHaveLength(4);
    expect(result.batchItemFailures).toEqual(
      expect.arrayContaining([
        { itemIdentifier: idOf((body) => body.includes('bad.')) },
        { itemIdentifier: idOf((body) => body === '{"not":"s3"}') },
      ]),
    );
    expect(result.batchItemFailures).toHaveLength(2);
    expect((await readMirror(cloud(), 'raw', GOOD))?.md5).toBe(md5Hex(Buffer.from(GOOD)));
    expect(observed.sum('Skipped')).toBe(1);
    expect(observed.sum('Failures')).toBe(2);
    expect(observed.sum('PermanentFailures')).toBe(2);
    const errors = observed.logs.filter((log) => log.level === 'error');
    expect(errors.map((log) => log.message)).toEqual([
      'Record cannot succeed; failed so that SQS parks it in the DLQ',
      'Record cannot succeed; failed so that SQS parks it in the DLQ',
    ]);
    expect(JSON.stringify(errors)).toContain('InvalidTargetPathError');
    expect(JSON.stringify(errors)).toContain('InvalidEventError');
  });
});

describe('handler.ts, configured only by its environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('mirrors an object end to end with clients built at module scope', async () => {
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: GOOD, Body: GOOD }));
    const records = await receiveRecords(lake());
    Object.assign(process.env, cloud().env, {
      PLATFORM_ENV: 'dev',
      LAKE_ACCOUNT_ID: cloud().accountId,
      ADLS_ACCOUNT_URL: cloud().azure.endpoint,
      ADLS_AUTH_MODE: 'shared-key',
      ADLS_SHARED_KEY_SECRET_ARN: lake().sharedKeySecretArn,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    let handler: HandlerModule['handler'] | undefined;
    jest.isolateModules(() => {
      ({ handler } = jest.requireActual<HandlerModule>('../../../../lambdas/s3-to-adls/handler'));
    });

    const result = await handler!(sqsEvent(records), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect((await readMirror(cloud(), 'raw', GOOD))?.md5).toBe(md5Hex(Buffer.from(GOOD)));
  });
});
