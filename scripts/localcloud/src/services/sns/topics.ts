import type { LocalCloudContext } from '../../core/context';
import type { QueryOperation, QueryParams } from '../../core/query-protocol';
import { members, type XmlObject } from '../../core/xml';
import { invalidParameter } from './errors';
import type { TopicRecord } from './model';
import { page, type SnsStore } from './store';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const SETTABLE = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
  'DataProtectionPolicy',
]);
/** Delivery-status logging attributes: `<Protocol>SuccessFeedbackRoleArn` and friends. */
const FEEDBACK =
  /^(Application|HTTP|Lambda|SQS|Firehose)(Success|Failure)Feedback(RoleArn|SampleRate)$/;
const MAX_TAGS = 50;

export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** `Attributes.entry.N.key/value` → `<Attributes><entry><key/><value/></entry>…` */
export function attributeEntries(attributes: Record<string, string>): XmlObject {
  return { entry: Object.entries(attributes).map(([key, value]) => ({ key, value })) };
}

export function topicOperations(store: SnsStore, context: LocalCloudContext) {
  const operations: Record<string, QueryOperation> = {
    CreateTopic(params) {
      const name = params.get('Name') ?? '';
      const attributes = Object.fromEntries(params.map('Attributes'));
      const tags = readTags(params);
      const fifo = (attributes.FifoTopic ?? '').toLowerCase() === 'true';
      if (fifo ? !FIFO_TOPIC_NAME.test(name) : !TOPIC_NAME.test(name))
        throw invalidParameter(
          fifo
            ? 'Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
            : 'Invalid parameter: Topic Name',
        );
      delete attributes.FifoTopic;
      for (const [key, value] of Object.entries(attributes)) validateAttribute(key, value, fifo);
      const topicArn = store.topicArn(name);
      const existing = store.topics.get(topicArn);
      if (existing) {
        // CreateTopic is idempotent only for the same attributes and tags.
        if (Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value))
          throw invalidParameter(
            'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
          );
        if (
          tags.some(
            (tag) =>
              !existing.tags.some((held) => held.Key === tag.Key && held.Value === tag.Value),
          )
        )
          throw invalidParameter(
            'Invalid parameter: Tags Reason: Topic already exists with different tags',
          );
        return { TopicArn: topicArn };
      }
      const topic: TopicRecord = {
        arn: topicArn,
        name,
        attributes: {
          ...(fifo && { FifoTopic: 'true', ContentBasedDeduplication: 'false' }),
          ...attributes,
        },
        tags,
      };
      store.topics.set(topicArn, topic);
      return { TopicArn: topicArn };
    },

    GetTopicAttributes(params) {
      const topic = store.topic(params.get('TopicArn'));
      const subscriptions = store.subscriptionsOf(topic.arn);
      const attributes: Record<string, string> = {
        Policy: defaultPolicy(topic.arn, context.accountId),
        Owner: context.accountId,
        SubscriptionsPending: String(subscriptions.filter((sub) => sub.pendingConfirmation).length),
        TopicArn: topic.arn,
        EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
        SubscriptionsConfirmed: String(
          subscriptions.filter((sub) => !sub.pendingConfirmation).length,
        ),
        DisplayName: '',
        SubscriptionsDeleted: '0',
        ...topic.attributes,
      };
      return { Attributes: attributeEntries(attributes) };
    },

    SetTopicAttributes(params) {
      const topic = store.topic(params.get('TopicArn'));
      const name = params.get('AttributeName') ?? '';
      const value = params.get('AttributeValue') ?? '';
      validateAttribute(name, value, topic.attributes.FifoTopic === 'true');
      topic.attributes[name] = value;
      return undefined;
    },

    ListTopics(params) {
      const { items, nextToken } = page([...store.topics.keys()], params.get('NextToken'));
      return {
        Topics: members(items.map((TopicArn) => ({ TopicArn }))),
        NextToken: nextToken,
      };
    },

    DeleteTopic(params) {
      const topicArn = params.get('TopicArn');
      try {
        store.topic(topicArn);
      } catch (error) {
        // Deleting a topic that does not exist succeeds; a malformed ARN does not.
        if ((error as { code?: string }).code !== 'NotFound') throw error;
        return undefined;
      }
      store.topics.delete(topicArn!);
      for (const subscription of store.subscriptionsOf(topicArn!))
        store.subscriptions.delete(subscription.arn);
      return undefined;
    },
  };
  return operations;
}

function validateAttribute(name: string, value: string, fifo: boolean): void {
  if (!SETTABLE.has(name) && !FEEDBACK.test(name))
    throw invalidParameter('Invalid parameter: AttributeName');
  if (name === 'ContentBasedDeduplication' && !fifo)
    throw invalidParameter(
      'Invalid parameter: Attributes Reason: Content-based deduplication can only be set for FIFO topics',
    );
  if (name === 'SignatureVersion' && value !== '1' && value !== '2')
    throw invalidParameter('Invalid parameter: SignatureVersion');
  if (name === 'TracingConfig' && value !== 'PassThrough' && value !== 'Active')
    throw invalidParameter('Invalid parameter: TracingConfig');
  if ((name === 'Policy' || name === 'DeliveryPolicy') && !isJsonObject(value))
    throw invalidParameter(`Invalid parameter: ${name}: failed to parse JSON.`);
}

function readTags(params: QueryParams): { Key: string; Value: string }[] {
  const tags = params
    .list('Tags.member')
    .map((tag) => ({ Key: tag.get('Key') ?? '', Value: tag.get('Value') ?? '' }));
  if (tags.length > MAX_TAGS)
    throw invalidParameter(
      'Invalid parameter: Tags Reason: Could not complete request: tag quota of per resource exceeded',
    );
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128 || tag.Value.length > 256)
      throw invalidParameter('Invalid parameter: Tags Reason: Tag key or value is invalid');
  }
  if (new Set(tags.map((tag) => tag.Key)).size !== tags.length)
    throw invalidParameter('Invalid parameter: Duplicated keys are not allowed.');
  return tags;
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** The policy AWS attaches to a new topic: the owner account may do everything. */
export function defaultPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Effect: 'Allow',
        Sid: '__default_statement_ID',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}
