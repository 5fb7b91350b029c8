import { catalogDatabaseName } from '../../../../infra/platform';
import type * as HandlerModuleExports from '../../../../lambdas/register-partitions/handler';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  catalogPartition,
  LAMBDA_CONTEXT,
  PLATFORM,
  putObjects,
  receiveRecords,
  setUpRegistration,
  sqsEvent,
} from './registration-fixtures';

type HandlerModule = typeof HandlerModuleExports;

const cloud = useLocalCloud();

describe('handler.ts, configured only by its environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('registers a partition with clients and caches built at module scope', async () => {
    const lake = await setUpRegistration(cloud());
    await putObjects(lake, 'raw', ['interactions/year=2026/month=03/day=08/p.parquet']);
    const records = await receiveRecords(lake.sqs, lake.queueUrl);
    Object.assign(process.env, cloud().env, {
      PLATFORM_ENV: 'dev',
      LAKE_ACCOUNT_ID: cloud().accountId,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    let handler: HandlerModule['handler'] | undefined;
    jest.isolateModules(() => {
      ({ handler } = jest.requireActual<HandlerModule>(
        '../../../../lambdas/register-partitions/handler',
      ));
    });

    const response = await handler!(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toEqual([]);
    const partition = await catalogPartition(
      lake.glue,
      catalogDatabaseName(PLATFORM, 'raw'),
      'interactions',
      ['2026', '03', '08'],
    );
    expect(partition?.StorageDescriptor?.Location).toBe(
      `s3://${lake.buckets.raw}/interactions/year=2026/month=03/day=08/`,
    );
  });
});
