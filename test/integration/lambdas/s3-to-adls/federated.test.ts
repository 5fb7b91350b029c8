import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import { localAzureTransport } from '@hybrid-lake/localcloud';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const ROLE_ARN = 'arn:aws:iam::000000000000:role/hybrid-lake-dev-s3-to-adls';
const ROLE_SESSION = 'arn:aws:sts::000000000000:assumed-role/hybrid-lake-dev-s3-to-adls/fn';
const CLIENT_ID = '0f6c2d8e-4b1a-4c39-9e57-2a8d1b6f3c40';
const PRINCIPAL_ID = 'a3e9b7c1-5d2f-4e68-8b90-1c4d7e2f6a85';
const KEY = 'access_events/year=2026/month=03/day=08/hour=17/part-0001.parquet';

describe('federated identity (no secret anywhere)', () => {
  it('copies with an STS web identity token exchanged for an Entra token, shared key disabled', async () => {
    // What the Pulumi program and the IAM role amount to: the Lambda's role is trusted as a
    // managed identity that may write the raw file system, and nothing else.
    const identity = cloud().azure.identity;
    identity.addManagedIdentity({
      clientId: CLIENT_ID,
      principalId: PRINCIPAL_ID,
      name: 'transfer',
    });
    identity.addFederatedCredential({
      clientId: CLIENT_ID,
      issuer: cloud().services.sts.issuer(),
      subject: ROLE_ARN,
      audiences: ['api://AzureADTokenExchange'],
    });
    identity.assignRole({
      principalId: PRINCIPAL_ID,
      role: 'Storage Blob Data Contributor',
      container: 'raw',
    });
    cloud().services.sts.actAs('test', ROLE_SESSION);
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'federated' }));
    const records = await receiveRecords(lake());
    cloud().azure.setSharedKeyAccess(false);
    const local = localAzureTransport(cloud().azure.endpoint);
    const { deps, config } = transferDependencies(cloud(), lake(), {
      env: {
        ADLS_AUTH_MODE: 'federated',
        AZURE_TENANT_ID: identity.tenantId,
        AZURE_CLIENT_ID: CLIENT_ID,
      },
      azureOptions: {
        accountUrl: local.storageEndpoint,
        credentialOptions: { authorityHost: local.authorityHost, agent: local.agent },
        storageOptions: local.storageOptions,
      },
    });

    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);
    cloud().azure.setSharedKeyAccess(true);

    expect(config.authMode).toBe('federated');
    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      md5: md5Hex(Buffer.from('federated')),
      metadata: expect.objectContaining({ source_bucket: lake().raw }),
    });
  });
});
