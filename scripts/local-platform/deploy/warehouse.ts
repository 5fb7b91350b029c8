/**
 * The WarehouseStack, locally: the admin secret Redshift would manage, the workgroup (made to
 * exist in localcloud's Data API, which refuses unknown ones) and the database the definition
 * names (the Data API creates a database on first use), the
 * COPY role's ARN, the names Redshift ML trains with, the ELT rule targeting the ELT inbox, and the specs of the ELT and
 * migrations functions.
 */
import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { bucketName, stackName, type ZoneName } from '../../../infra/platform';
import { targetFor } from '../../warehouse/connection';
import { functionArn } from '../lambda-runtime/lambda-environment';
import type { LocalDeployment, LocalFunctionSpec } from '../deployment';
import { createAsyncTrigger, defaultBusArn, putRuleTargeting } from './async-trigger';
import type { DeployContext } from './context';
import { ASYNC_INVOKE_SETTINGS, eltSpec, migrationsSpec } from './function-specs';
import { LocalDeploymentError } from './queues';
import {
  eltFunctionName,
  eltRuleName,
  eltTriggerPattern,
  WAREHOUSE_ADMIN_USERNAME,
} from '../../../infra/aws/facts/warehouse';

export interface LocalWarehouse {
  readonly warehouse: LocalDeployment['warehouse'];
  readonly adminSecretArn: string;
  readonly elt: LocalFunctionSpec;
  readonly migrations: LocalFunctionSpec;
}

/**
 * A password of the kind Redshift generates for a managed admin secret: random, and always with
 * the upper-case letter, lower-case letter and digit Redshift requires.
 */
function adminPassword(): string {
  return `${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}Aa7`;
}

export async function deployWarehouse(
  context: DeployContext,
  buckets: Readonly<Record<ZoneName, string>>,
  cleanToCuratedJobName: string,
): Promise<LocalWarehouse> {
  const { cloud, platform } = context;
  const target = targetFor(platform, { env: platform.environmentName });
  const warehouse = {
    workgroupName: target.workgroupName,
    database: target.database,
    // The CDK lets CloudFormation name the role; locally it is named after the stack.
    copyRoleArn: `arn:aws:iam::${cloud.accountId}:role/${stackName(platform, 'warehouse')}-copy`,
    eltFunctionArn: functionArn(eltFunctionName(platform), cloud),
    ml: {
      roleArn: `arn:aws:iam::${cloud.accountId}:role/${stackName(platform, 'warehouse')}-ml`,
      bucketName: bucketName(platform, 'warehouse-ml', cloud.accountId, cloud.region),
      keyArn: `arn:aws:kms:${cloud.region}:${cloud.accountId}:key/${stackName(platform, 'warehouse')}-ml`,
    },
  };

  cloud.services.redshiftData.createWorkgroup(target.workgroupName);
  if (context.startWarehouseEngine) cloud.services.redshiftData.startDatabase(target);

  // Redshift names its managed secret `redshift!<namespace>-<admin user>`; `!` is reserved to
  // AWS services, so CreateSecret (localcloud, like AWS) refuses it and `/` stands in.
  const secretName = `redshift/${target.workgroupName}-${WAREHOUSE_ADMIN_USERNAME}`;
  const { ARN: adminSecretArn } = await new SecretsManagerClient(cloud.clientConfig).send(
    new CreateSecretCommand({
      Name: secretName,
      SecretString: JSON.stringify({
        username: WAREHOUSE_ADMIN_USERNAME,
        password: adminPassword(),
      }),
    }),
  );
  if (adminSecretArn === undefined) throw new LocalDeploymentError(`no ARN for ${secretName}`);

  const eltName = eltFunctionName(platform);
  // Its on-success destination is the default bus, as in AWS: the export rule listens there.
  const eltTrigger = await createAsyncTrigger(
    context,
    eltName,
    ASYNC_INVOKE_SETTINGS.elt,
    defaultBusArn(cloud),
  );
  await putRuleTargeting(
    context,
    {
      name: eltRuleName(platform),
      description: 'Runs the warehouse ELT when the clean_to_curated Glue job succeeds',
      eventPattern: eltTriggerPattern(cleanToCuratedJobName),
    },
    eltTrigger.inbox,
  );
  const elt = eltSpec(platform, { warehouse, buckets, trigger: eltTrigger });
  const migrations = migrationsSpec(platform, { warehouse, adminSecretArn });
  return { warehouse, adminSecretArn, elt, migrations };
}
