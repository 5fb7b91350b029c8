/**
 * The DataLakeStack and ReplicationStack, locally: the zone buckets, ADLS file systems and
 * mirror rule (`deployLocalLake`, with the CDK's rule name), the transfer queue's dead-letter
 * queue and redrive, and the transfer function's spec.
 */
import type { LocalFunctionSpec } from '../deployment';
import { deployLocalLake, type LocalLake } from '../lake';
import type { DeployContext } from './context';
import { transferSpec } from './function-specs';
import { addDeadLetters } from './queues';
import { MAX_RECEIVE_COUNT } from '../../../infra/aws/facts/queues';
import {
  TRANSFER_DEFAULTS,
  mirrorRuleName,
  rewritesRuleName,
  transferFunctionName,
} from '../../../infra/aws/facts/replication';

export interface LocalReplication {
  readonly lake: LocalLake;
  readonly transfer: LocalFunctionSpec;
}

export async function deployReplication(context: DeployContext): Promise<LocalReplication> {
  const { cloud, platform, sqs } = context;
  // CloudFormation names the CDK's queues; locally they are named after their function.
  const queueName = `${transferFunctionName(platform)}-queue`;
  const lake = await deployLocalLake(cloud, {
    platform,
    deliverDeletes: TRANSFER_DEFAULTS.mirrorDeletes,
    ruleName: mirrorRuleName(platform),
    rewritesRuleName: rewritesRuleName(platform),
    queueName,
  });
  const { queue, deadLetterQueue } = await addDeadLetters(sqs, lake.queueUrl, {
    visibilityTimeoutSeconds: context.visibilityTimeoutSeconds,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  });
  const transfer = transferSpec(platform, {
    ...context,
    queue,
    deadLetterQueue,
    accountId: cloud.accountId,
    accountUrl: cloud.azure.endpoint,
    tenantId: cloud.azure.identity.tenantId,
    sharedKeySecretArn: lake.sharedKeySecretArn,
  });
  return { lake, transfer };
}
