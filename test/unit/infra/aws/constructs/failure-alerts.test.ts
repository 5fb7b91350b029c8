import { Match } from 'aws-cdk-lib/assertions';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

const { alerting: template } = synth({ env: 'prod' });

function only(type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

describe('FailureAlerts (prod): the function', () => {
  const fn = only('AWS::Lambda::Function');

  it('runs lambdas/failure-alerts on Node.js 22, arm64, with exactly its configuration', () => {
    expect(fn).toMatchObject({
      FunctionName: 'hybrid-lake-prod-failure-alerts',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    expect(fn.Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      ALERT_TOPIC_ARN: { Ref: expect.stringMatching(/^AlertTopic/) },
      DEDUPE_TABLE_NAME: { Ref: expect.stringMatching(/^FailureAlertsDedupeTable/) },
      DEDUPE_WINDOW_SECONDS: '300',
      RUNBOOK_BASE_URL: 'docs/runbooks',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('keeps dedupe state in an on-demand table keyed by fingerprint, with TTL, KMS and PITR', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'hybrid-lake-prod-failure-alerts-dedupe',
        KeySchema: [{ AttributeName: 'fingerprint', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'fingerprint', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: {
            'Fn::GetAtt': [Match.stringLikeRegexp('^FailureAlertsDedupeTableKey'), 'Arn'],
          },
        },
      }),
    });
  });

  it('sends invocations that failed every retry to a KMS-encrypted dead-letter queue', () => {
    expect(only('AWS::Lambda::EventInvokeConfig')).toEqual({
      FunctionName: { Ref: expect.stringMatching(/^FailureAlertsFunction/) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [expect.stringMatching(/^FailureAlertsDeadLetterQueue/), 'Arn'],
          },
        },
      },
    });
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KmsMasterKeyId: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^FailureAlertsDeadLetterKey'), 'Arn'],
        },
        MessageRetentionPeriod: 14 * 24 * 3600,
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowEventBridgeToEncryptMessages',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: Match.absent(),
          },
        ]),
      },
    });
  });

  describe('its role', () => {
    const statements = only('AWS::IAM::Policy').PolicyDocument.Statement as Json[];
    const getAtt = (prefix: RegExp) => ({ 'Fn::GetAtt': [expect.stringMatching(prefix), 'Arn'] });
    const via = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.eu-west-1.amazonaws.com` },
    });

    it('has no managed policy and exactly the statements it needs', () => {
      expect(only('AWS::IAM::Role').ManagedPolicyArns).toBeUndefined();
      expect(statements).toEqual([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: getAtt(/^FailureAlertsFunctionLogGroup/),
        },
        {
          Effect: 'Allow',
          Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
          Resource: '*',
        },
        {
          Sid: 'PublishAlerts',
          Effect: 'Allow',
          Action: 'sns:Publish',
          Resource: { Ref: expect.stringMatching(/^AlertTopic/) },
        },
        {
          Sid: 'EncryptAlertsForTheTopic',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: getAtt(/^AlertTopicKey/),
          Condition: via('sns'),
        },
        {
          Sid: 'DeduplicateAlerts',
          Effect: 'Allow',
          Action: [
            'dynamodb:DeleteItem',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Scan',
            'dynamodb:UpdateItem',
          ],
          Resource: getAtt(/^FailureAlertsDedupeTable(?!Key)/),
        },
        {
          Sid: 'UseDedupeTableKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: getAtt(/^FailureAlertsDedupeTableKey/),
          Condition: via('dynamodb'),
        },
        {
          Sid: 'DeadLetterFailedInvocations',
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: getAtt(/^FailureAlertsDeadLetterQueue/),
        },
        {
          Sid: 'EncryptDeadLetters',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: getAtt(/^FailureAlertsDeadLetterKey/),
          Condition: via('sqs'),
        },
      ]);
    });
  });
});
