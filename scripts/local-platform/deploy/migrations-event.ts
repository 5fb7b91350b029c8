/**
 * The CloudFormation custom-resource "Create" request the CDK Provider framework hands the
 * migrations function's onEvent handler when the WarehouseStack is first deployed: the same
 * resource type, logical id and properties as the synthesized resource, with `ResponseURL`
 * replaced by "..." as the framework replaces it (it answers CloudFormation itself).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import { Construct } from 'constructs';
import {
  MIGRATIONS_RESOURCE_TYPE,
  migrationsFunctionName,
  migrationsResourceProperties,
} from '../../../infra/aws/constructs/warehouse-migrations';
import { stackName } from '../../../infra/platform';
import type { LocalDeployment } from '../deployment';
import { SQL_SOURCE_DIRECTORY, sqlFingerprint } from '../../../infra/aws/constructs/warehouse-sql';
import { LocalDeploymentError } from './queues';

/** The construct path of the custom resource inside the WarehouseStack. */
const RESOURCE_PATH = ['Migrations', 'Resource', 'Default'] as const;

/** The logical id the CDK gives the resource, computed by the CDK's own algorithm. */
export function migrationsLogicalId(): string {
  const stack = new Stack(undefined, 'MigrationsLogicalId');
  const [migrations, resource, cfn] = RESOURCE_PATH;
  const element = new CfnResource(new Construct(new Construct(stack, migrations), resource), cfn, {
    type: MIGRATIONS_RESOURCE_TYPE,
  });
  return stack.resolve(stack.getLogicalId(element)) as string;
}

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
    LogicalResourceId: migrationsLogicalId(),
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
