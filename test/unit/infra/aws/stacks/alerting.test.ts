import { Match } from 'aws-cdk-lib/assertions';
import { synth } from '../../../../fixtures/synth';

describe('AlertingStack', () => {
  const { alerting } = synth({ env: 'prod' });

  it('encrypts the topic with a rotating customer key that is retained', () => {
    alerting.resourceCountIs('AWS::SNS::Topic', 1);
    alerting.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'hybrid-lake-prod-alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertTopicKey'), 'Arn'] },
      SignatureVersion: '2',
    });
    alerting.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowAlarmsToEncrypt' })]),
        }),
      }),
    });
  });

  /** This account's fabric alarms, `hybrid-lake-prod-failure-alerts-…`, and no other. */
  const fromFabricAlarms = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: {
      'aws:SourceArn': {
        'Fn::Join': [
          '',
          [
            'arn:aws:cloudwatch:eu-west-1:',
            { Ref: 'AWS::AccountId' },
            ':alarm:hybrid-lake-prod-failure-alerts-*',
          ],
        ],
      },
    },
  };

  it("lets CloudWatch use the key only for this account's fabric alarms", () => {
    alerting.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowAlarmsToEncrypt',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: fromFabricAlarms,
          },
        ]),
      },
    });
  });

  it('names its fabric alarms so that the key and topic conditions admit them', () => {
    const alarmNames = Object.values(alerting.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => JSON.stringify(alarm.Properties.AlarmActions ?? []).includes('AlertTopic'))
      .map((alarm) => alarm.Properties.AlarmName as string);
    expect(alarmNames.length).toBeGreaterThan(0);
    for (const name of alarmNames) expect(name).toMatch(/^hybrid-lake-prod-failure-alerts-/);
  });

  it("lets this account's fabric alarms publish, and denies plain HTTP", () => {
    alerting.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          {
            Sid: 'AllowAlarmsFromThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^AlertTopic') },
            Condition: fromFabricAlarms,
          },
        ]),
      },
    });
  });

  it('exports the topic ARN for other stacks', () => {
    alerting.hasOutput('AlertTopicArn', {
      Value: { Ref: Match.stringLikeRegexp('^AlertTopic') },
      Export: { Name: 'hybrid-lake-prod-alert-topic-arn' },
    });
  });

  it('subscribes no e-mail by default', () => {
    alerting.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the e-mail given with -c alertEmail', () => {
    const { alerting: withEmail } = synth({ env: 'prod', alertEmail: 'oncall@example.com' });

    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlertTopic') },
    });
  });

  it('exposes the topic to the other stacks of the app', () => {
    const { stacks } = synth({ env: 'dev' });

    expect(stacks.alerting.alertTopic.topicArn).toBeDefined();
    expect(stacks.alerting.alertTopic.masterKey).toBeDefined();
  });
});
