import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { catalogDatabaseName, resourcePrefix } from '../../../infra/platform';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  catalogPartition,
  PLATFORM,
  putObjects,
  setUpRegistration,
} from '../lambdas/register-partitions/registration-fixtures';
import { createQueue, useLocalFunctions } from './lambda-runtime-fixtures';

const cloud = useLocalCloud();
const start = useLocalFunctions(cloud);

describe('the real register-partitions handler in a local container', () => {
  it('registers the partition of an object put in the raw zone', async () => {
    const lake = await setUpRegistration(cloud());
    const { Attributes } = await lake.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: lake.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = {
      name: `${resourcePrefix(PLATFORM)}-partition-registration`,
      url: lake.queueUrl,
      arn: Attributes!.QueueArn!,
    };
    const deadLetterQueue = await createQueue(lake.sqs, `${queue.name}-dlq`);
    const functions = await start([
      {
        functionName: `${resourcePrefix(PLATFORM)}-register-partitions`,
        service: 'register-partitions',
        handlerModule: join(
          __dirname,
          '..',
          '..',
          '..',
          'lambdas',
          'register-partitions',
          'handler.ts',
        ),
        environment: { PLATFORM_ENV: 'dev', LAKE_ACCOUNT_ID: cloud().accountId },
        timeoutSeconds: 30,
        memoryMiB: 512,
        trigger: {
          kind: 'sqs',
          queue,
          deadLetterQueue,
          batchSize: 100,
          maxBatchingWindowSeconds: 1,
          maxReceiveCount: 3,
          visibilityTimeoutSeconds: 30,
        },
      },
    ]);

    await putObjects(lake, 'raw', [
      'interactions/year=2026/month=03/day=08/part-00000-0b5d3d0e-8c5e-4c1a-9f37-1f6f0a1e2b3c.c000.json',
    ]);
    await functions.idle({ timeoutMs: 60_000 });

    const partition = await catalogPartition(
      lake.glue,
      catalogDatabaseName(PLATFORM, 'raw'),
      'interactions',
      ['2026', '03', '08'],
    );
    expect(partition?.StorageDescriptor?.Location).toBe(
      `s3://${lake.buckets.raw}/interactions/year=2026/month=03/day=08/`,
    );
    expect(functions.invocations()).toEqual([
      expect.objectContaining({ trigger: 'sqs', outcome: 'success', coldStart: true }),
    ]);
  });
});
