/**
 * The CloudFormation custom-resource "Create" request the CDK Provider framework hands the
 * migrations function's onEvent handler when the WarehouseStack is first deployed: the same
 * resource type, logical id and properties as the synthesized resource, with `ResponseURL`
 * replaced by "..." as the framework replaces it (it answers CloudFormation itself).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import { stackName } from '../../../infra/platform';
import type { LocalDeployment } from '../deployment';
import { LocalDeploymentError } from './queues';
import {
  MIGRATIONS_LOGICAL_ID,
  MIGRATIONS_RESOURCE_TYPE,
  migrationsFunctionName,
  migrationsResourceProperties,
  SQL_SOURCE_DIRECTORY,
  sqlFingerprint,
} from '../../../infra/aws/facts/warehouse';

/** Region and account of a local ARN (`arn:aws:<service>:<region>:<account>:…`). */
function regionAndAccount(arn: string): { region: string; account: string } {
  const [, , , region, account] = arn.split(':');
  if (!region || !account) throw new LocalDeploymentError(`not a regional ARN: ${arn}`);
  return { region, account };
}

export function migrationsCreateEvent(
  deployment: LocalDeployment,
): CloudFormationCustomResourceCreateEvent {
  const { platform, warehouse } = deployment;
  const { region, account } = regionAndAccount(deployment.secrets.warehouseAdminArn);
  const serviceToken = `arn:aws:lambda:${region}:${account}:function:${migrationsFunctionName(platform)}-provider`;
  return {
    RequestType: 'Create',
    ServiceToken: serviceToken,
    ResponseURL: '...',
    StackId: `arn:aws:cloudformation:${region}:${account}:stack/${stackName(platform, 'warehouse')}/${randomUUID()}`,
    RequestId: randomUUID(),
    LogicalResourceId: MIGRATIONS_LOGICAL_ID,
    ResourceType: MIGRATIONS_RESOURCE_TYPE,
    ResourceProperties: {
      ServiceToken: serviceToken,
      ...migrationsResourceProperties({
        fingerprint: sqlFingerprint(join(SQL_SOURCE_DIRECTORY, 'migrations')),
        workgroupName: warehouse.workgroupName,
        databaseName: warehouse.database,
      }),
    },
  };
}
