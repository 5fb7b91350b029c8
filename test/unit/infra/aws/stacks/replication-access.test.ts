import { Template } from 'aws-cdk-lib/assertions';
import { isMirrored, loadPlatform, type ZoneName } from '../../../../../infra/platform';
import { synth } from '../../../../fixtures/synth';
import { only } from './replication-template';

type Json = Record<string, any>;

/** The replication template of the platform app synthesized with `-c` context. */
function appTemplate(context: Record<string, unknown>): Template {
  const { assembly, stacks } = synth(context);
  return Template.fromJSON(
    assembly.getStackByName(stacks.replication.stackName).template as Record<string, unknown>,
  );
}

describe('ReplicationStack function role (prod)', () => {
  const platform = loadPlatform('prod');
  const template = appTemplate({ env: 'prod' });
  const mirrored = (zone: ZoneName) =>
    platform.datasets.filter((dataset) => isMirrored(platform, zone, dataset)).map((d) => d.name);
  const role = only(template, 'AWS::IAM::Role');
  const statements = only(template, 'AWS::IAM::Policy').PolicyDocument.Statement as Json[];
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid);

  it('has no managed policy and only the statements it needs', () => {
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(statements.map((statement): unknown => statement.Sid ?? statement.Action)).toEqual([
      'WriteOwnLogs',
      // What Lambda needs to attach the function to its egress subnets (transfer-egress.test.ts).
      'ManageVpcNetworkInterfaces',
      ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ],
      'kms:Decrypt',
      'ReadMirroredObjects',
      'TellMissingObjectsApart',
      'OrderDeletedVersions',
      'DecryptMirroredObjects',
      'GetTokenForAzureOnly',
    ]);
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  it('reads objects only under the mirrored dataset prefixes of the mirrored buckets', () => {
    const arn = (zone: ZoneName, dataset: string) => ({
      'Fn::Join': [
        '',
        [
          `arn:aws:s3:::hybrid-lake-prod-${zone}-`,
          { Ref: 'AWS::AccountId' },
          `-eu-west-1/${dataset}/*`,
        ],
      ],
    });
    const expected = (['raw', 'curated'] as const).flatMap((zone) =>
      mirrored(zone).map((dataset) => arn(zone, dataset)),
    );
    const statement = bySid('ReadMirroredObjects');

    expect(statement).toEqual({
      Sid: 'ReadMirroredObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: expect.arrayContaining(expected),
    });
    // IAM sorts resources; the set must match exactly, not just contain.
    expect(statement?.Resource).toHaveLength(expected.length);
  });

  it('may list the mirrored buckets only, so a HEAD of a missing key answers 404', () => {
    const bucketArn = (zone: ZoneName) => ({
      'Fn::Join': [
        '',
        [`arn:aws:s3:::hybrid-lake-prod-${zone}-`, { Ref: 'AWS::AccountId' }, '-eu-west-1'],
      ],
    });

    expect(bySid('TellMissingObjectsApart')).toEqual({
      Sid: 'TellMissingObjectsApart',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: expect.arrayContaining([bucketArn('raw'), bucketArn('curated')]),
    });
    expect(bySid('TellMissingObjectsApart')?.Resource).toHaveLength(2);
  });

  it('may list the versions of the mirrored buckets only, to order a deleted key’s versions', () => {
    expect(bySid('OrderDeletedVersions')).toMatchObject({
      Action: 's3:ListBucketVersions',
      Resource: bySid('TellMissingObjectsApart')?.Resource,
    });
  });

  it('decrypts with the raw and curated keys only, and only through S3', () => {
    expect(bySid('DecryptMirroredObjects')).toEqual({
      Sid: 'DecryptMirroredObjects',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      // Sorted by IAM: curated before raw; clean and landing keys are absent.
      Resource: [
        {
          'Fn::ImportValue': expect.stringMatching(/^hybrid-lake-prod-data-lake:.*CuratedZoneKey/),
        },
        { 'Fn::ImportValue': expect.stringMatching(/^hybrid-lake-prod-data-lake:.*RawZoneKey/) },
      ],
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
  });

  it('may get web identity tokens for the Azure audience only', () => {
    expect(bySid('GetTokenForAzureOnly')).toEqual({
      Sid: 'GetTokenForAzureOnly',
      Effect: 'Allow',
      Action: 'sts:GetWebIdentityToken',
      Resource: '*',
      Condition: {
        'ForAllValues:StringEquals': {
          'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'],
        },
        Null: { 'sts:IdentityTokenAudience': 'false' },
      },
    });
  });

  it('writes only to its own log group and consumes only its queue', () => {
    expect(bySid('WriteOwnLogs')).toMatchObject({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TransferLogGroup/), 'Arn'] },
    });
    expect(statements[3]!.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WorkQueue/), 'Arn'],
    });
    expect(statements[4]!.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WorkKey/), 'Arn'],
    });
  });
});

describe('ReplicationStack deploy-time options (-c)', () => {
  const secretArn =
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hybrid-lake/azure-sp-AbC123';
  const target = {
    adlsAccountUrl: 'https://hybridlakeprod.blob.core.windows.net',
    azureTenantId: '11111111-2222-3333-4444-555555555555',
    azureClientId: '66666666-7777-8888-9999-000000000000',
  };

  it('uses the given Azure account, tenant and identity instead of the placeholders', () => {
    const variables = only(appTemplate({ env: 'dev', ...target }), 'AWS::Lambda::Function')
      .Environment.Variables as Json;

    expect(variables).toMatchObject({
      ADLS_ACCOUNT_URL: target.adlsAccountUrl,
      AZURE_TENANT_ID: target.azureTenantId,
      AZURE_CLIENT_ID: target.azureClientId,
    });
  });

  it('in service-principal mode reads exactly the client secret and gets no web identity token', () => {
    const template = appTemplate({
      env: 'dev',
      ...target,
      adlsAuthMode: 'service-principal',
      azureClientSecretArn: secretArn,
    });
    const statements = only(template, 'AWS::IAM::Policy').PolicyDocument.Statement as Json[];

    expect(only(template, 'AWS::Lambda::Function').Environment.Variables).toMatchObject({
      ADLS_AUTH_MODE: 'service-principal',
      AZURE_CLIENT_SECRET_ARN: secretArn,
    });
    expect(statements).toContainEqual({
      Sid: 'ReadAzureClientSecret',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: secretArn,
    });
    expect(JSON.stringify(statements)).not.toContain('sts:GetWebIdentityToken');
  });

  it('routes Object Deleted too when deletes are mirrored', () => {
    const template = appTemplate({ env: 'dev', mirrorDeletes: 'true', copyMode: 'streaming' });

    // One rule routes every delete, the rewritten objects' included.
    expect(only(template, 'AWS::Events::Rule').EventPattern['detail-type']).toEqual([
      'Object Created',
      'Object Deleted',
    ]);
    expect(only(template, 'AWS::Lambda::Function').Environment.Variables).toMatchObject({
      MIRROR_DELETES: 'true',
      COPY_MODE: 'streaming',
    });
  });
});
