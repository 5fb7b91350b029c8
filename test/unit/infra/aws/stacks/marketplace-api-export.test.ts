/**
 * The nightly recommendation export in the MarketplaceApiStack (prod): what it runs with, what it
 * may do, what starts it, and where its failures go.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { EXPORT_DATABASE_ROLE } from '../../../../../infra/aws/facts/recommendation-export';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

const synthesized = synth({ env: 'prod' });
const { marketplaceApi, warehouse } = synthesized.stacks;
const template = Template.fromJSON(
  synthesized.assembly.getStackByName(marketplaceApi.stackName).template as Record<string, unknown>,
);
const resources = template.toJSON().Resources as Record<string, Json>;

function idOf(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
const functionId = idOf('AWS::Lambda::Function', 'RecommendationExportFunction');
const fn = resources[functionId]!.Properties as Json;
const tableId = idOf('AWS::DynamoDB::Table', 'RecommendationTablesRecommendationModel');
const keyId = idOf('AWS::KMS::Key', 'RecommendationTablesRecommendationModelKey');
const deadLetterId = idOf('AWS::SQS::Queue', 'RecommendationExportDeadLetterQueue');
const statements = Object.values(template.findResources('AWS::IAM::Policy'))
  .filter((policy) =>
    (policy.Properties.Roles as Json[]).some((role) =>
      String(role.Ref).startsWith('RecommendationExportFunctionRole'),
    ),
  )
  .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
const sid = (name: string) => statements.find((statement) => statement.Sid === name);
const importOf = (value: unknown): string =>
  String((value as { 'Fn::ImportValue'?: string })['Fn::ImportValue']);

describe('MarketplaceApiStack (prod): the recommendation export', () => {
  it('runs lambdas/export-recommendations outside any VPC, one export at a time', () => {
    expect(fn).toMatchObject({
      FunctionName: 'hybrid-lake-prod-export-recommendations',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 1,
      MemorySize: 512,
      Timeout: 900,
    });
    expect(fn).not.toHaveProperty('VpcConfig');
    expect(fn.Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      WAREHOUSE_WORKGROUP: 'hybrid-lake-prod',
      WAREHOUSE_DATABASE: 'analytics',
      SQL_DIRECTORY: '/var/task/sql',
      RECOMMENDATION_MODEL_TABLE_NAME: { Ref: tableId },
      POWERTOOLS_SERVICE_NAME: 'export-recommendations',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('may only put items into the model table, through its key', () => {
    expect(sid('WriteTheRecommendationModel')).toEqual({
      Sid: 'WriteTheRecommendationModel',
      Effect: 'Allow',
      Action: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'],
      Resource: getAtt(tableId, 'Arn'),
    });
    expect(sid('UseRecommendationModelKey')).toEqual({
      Sid: 'UseRecommendationModelKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: getAtt(keyId, 'Arn'),
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
    });
    const dynamodb = statements
      .flatMap((statement): unknown[] => [statement.Action].flat())
      .map(String)
      .filter((action) => action.startsWith('dynamodb:'));
    expect(dynamodb.sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:PutItem']);
  });

  it(`reads the warehouse's workgroup as its own IAM identity, tagged ${EXPORT_DATABASE_ROLE}`, () => {
    const submit = sid('SubmitStatementsToTheWorkgroup')!;
    expect(submit.Action).toEqual([
      'redshift-data:BatchExecuteStatement',
      'redshift-data:ExecuteStatement',
    ]);
    expect(importOf(submit.Resource)).toMatch(/^hybrid-lake-prod-warehouse:ExportsOutput/);
    expect(sid('ConnectAsOwnIdentity')?.Resource).toEqual(submit.Resource);
    const roleId = fn.Role['Fn::GetAtt'][0] as string;
    expect(resources[roleId]!.Properties.Tags).toEqual(
      expect.arrayContaining([{ Key: 'RedshiftDbRoles', Value: EXPORT_DATABASE_ROLE }]),
    );
    // Never with a secret: no Secrets Manager at all.
    expect(sid('ReadTheConnectionSecret')).toBeUndefined();
  });

  it('is started by the ELT’s on-success records of runs that loaded a day', () => {
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find(
      (each) =>
        each.Properties.Name === 'hybrid-lake-prod-export-recommendations-after-warehouse-elt',
    )!.Properties as Json;

    const prefix = rule.EventPattern.detail.requestContext.functionArn[0].prefix as Json;
    expect(prefix['Fn::Join'][0]).toBe('');
    expect(importOf(prefix['Fn::Join'][1][0])).toMatch(/^hybrid-lake-prod-warehouse:ExportsOutput/);
    expect(prefix['Fn::Join'][1][1]).toBe(':');
    expect(rule.EventPattern).toEqual({
      source: ['lambda'],
      'detail-type': ['Lambda Function Invocation Result - Success'],
      detail: {
        requestContext: { functionArn: [{ prefix }] },
        responsePayload: { status: ['ran'] },
      },
    });
    expect(rule.Targets).toEqual([
      {
        Arn: getAtt(functionId, 'Arn'),
        Id: 'Target0',
        DeadLetterConfig: { Arn: getAtt(deadLetterId, 'Arn') },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    ]);
  });

  it('retries a failed export twice, then sends it to its KMS-encrypted dead-letter queue', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))
      .map((config) => config.Properties as Json)
      .filter((config) => config.FunctionName.Ref === functionId);
    expect(configs).toEqual([
      {
        FunctionName: { Ref: functionId },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: getAtt(deadLetterId, 'Arn') } },
      },
    ]);
    expect(resources[deadLetterId]!.Properties.KmsMasterKeyId).toEqual(
      getAtt(idOf('AWS::KMS::Key', 'RecommendationExportDeadLetterKey'), 'Arn'),
    );
  });

  it('raises platform alarms on errors and dead letters', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => String(alarm.Properties.AlarmName))
      .filter((name) => name.includes('export-recommendations'));
    expect(names.sort()).toEqual([
      'hybrid-lake-prod-export-recommendations-dead-letters',
      'hybrid-lake-prod-export-recommendations-errors',
    ]);
  });

  it('makes the stack depend on the warehouse’s', () => {
    expect(marketplaceApi.dependencies.map((stack) => stack.stackName)).toContain(
      warehouse.stackName,
    );
  });
});
