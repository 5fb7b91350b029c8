/**
 * The AlertingStack, locally: the alert topic, an SQS queue subscribed to it that captures every
 * alert sent, the dedupe table, the failure rules (the CDK's patterns, rendered as CloudFormation
 * gets them) and the flush schedule targeting the failure-alerts inbox, and the function's spec.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { resourcePrefix, type Platform } from '../../../infra/platform';
import type { LocalDeployment, LocalFunctionSpec } from '../deployment';
import { createAsyncTrigger, putRuleTargeting } from './async-trigger';
import type { DeployContext } from './context';
import { ASYNC_INVOKE_SETTINGS, failureAlertsSpec } from './function-specs';
import { LocalDeploymentError, queueRef } from './queues';
import {
  fabricAlarmPrefix,
  failureRules,
  DEDUPE_TABLE_KEY,
  DEDUPE_TABLE_TTL_ATTRIBUTE,
  FLUSH_SCHEDULE_EXPRESSION,
  dedupeTableName,
  failureAlertsFunctionName,
  failureRuleName,
  flushRuleName,
  alertTopicName,
} from '../../../infra/aws/facts/alerting';

export interface LocalAlerting {
  readonly alerts: LocalDeployment['alerts'];
  readonly failureAlerts: LocalFunctionSpec;
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:hybrid-lake-dev-failure-alerts-`, as the stack formats it. */
export function localFabricAlarmArnPrefix(
  platform: Platform,
  cloud: { readonly region: string; readonly accountId: string },
): string {
  return `arn:aws:cloudwatch:${cloud.region}:${cloud.accountId}:alarm:${fabricAlarmPrefix(platform)}`;
}

export async function deployAlerting(context: DeployContext): Promise<LocalAlerting> {
  const { cloud, platform, sqs } = context;
  const topicName = alertTopicName(platform);
  const sns = new SNSClient(cloud.clientConfig);
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: topicName,
      Attributes: { DisplayName: `${resourcePrefix(platform)} alerts`, SignatureVersion: '2' },
    }),
  );
  if (TopicArn === undefined) throw new LocalDeploymentError(`no TopicArn for ${topicName}`);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `${topicName}-captured` }),
  );
  if (QueueUrl === undefined)
    throw new LocalDeploymentError(`no QueueUrl for ${topicName}-captured`);
  const inbox = await queueRef(sqs, QueueUrl);
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: inbox.arn,
      ReturnSubscriptionArn: true,
    }),
  );

  const tableName = dedupeTableName(platform);
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: DEDUPE_TABLE_KEY, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: DEDUPE_TABLE_KEY, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: DEDUPE_TABLE_TTL_ATTRIBUTE, Enabled: true },
    }),
  );

  const functionName = failureAlertsFunctionName(platform);
  const trigger = await createAsyncTrigger(
    context,
    functionName,
    ASYNC_INVOKE_SETTINGS.failureAlerts,
  );
  for (const rule of failureRules(platform, localFabricAlarmArnPrefix(platform, cloud))) {
    await putRuleTargeting(
      context,
      {
        name: failureRuleName(platform, rule.id),
        description: rule.description,
        eventPattern: rule.eventPattern,
      },
      trigger.inbox,
    );
  }
  await putRuleTargeting(
    context,
    {
      name: flushRuleName(platform),
      description: 'Publishes the deduplicated alerts whose window has closed',
      scheduleExpression: FLUSH_SCHEDULE_EXPRESSION,
    },
    trigger.inbox,
  );

  const failureAlerts = failureAlertsSpec(platform, {
    topicArn: TopicArn,
    dedupeTableName: tableName,
    trigger,
  });
  return {
    alerts: { topicArn: TopicArn, inbox, dedupeTableName: tableName },
    failureAlerts,
  };
}
