/**
 * The CatalogStack, locally: the zone databases and tables (`createLocalCatalog`), the
 * registration rule and queue (`deployLocalRegistrationRoute`, with the CDK's rule name), the
 * queue's dead-letter queue and redrive, and the registration function's spec.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import type { CatalogTable, ZoneName } from '../../../infra/platform';
import { createLocalCatalog, deployLocalRegistrationRoute } from '../catalog';
import type { LocalFunctionSpec } from '../deployment';
import type { DeployContext } from './context';
import { registrationSpec } from './function-specs';
import { addDeadLetters } from './queues';
import { MAX_RECEIVE_COUNT } from '../../../infra/aws/facts/queues';
import { registrationFunctionName, registrationRuleName } from '../../../infra/aws/facts/catalog';

export interface LocalCatalogDeployment {
  readonly tables: readonly CatalogTable[];
  readonly registration: LocalFunctionSpec;
}

export async function deployCatalog(
  context: DeployContext,
  buckets: Readonly<Record<ZoneName, string>>,
): Promise<LocalCatalogDeployment> {
  const { cloud, platform, sqs } = context;
  const tables = await createLocalCatalog(
    new GlueClient(cloud.clientConfig),
    platform,
    (zone) => buckets[zone],
  );
  const queueName = `${registrationFunctionName(platform)}-queue`;
  const route = await deployLocalRegistrationRoute(cloud, platform, {
    ruleName: registrationRuleName(platform),
    queueName,
  });
  const { queue, deadLetterQueue } = await addDeadLetters(sqs, route.queueUrl, {
    visibilityTimeoutSeconds: context.visibilityTimeoutSeconds,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  });
  return {
    tables,
    registration: registrationSpec(platform, {
      ...context,
      queue,
      deadLetterQueue,
      accountId: cloud.accountId,
    }),
  };
}
