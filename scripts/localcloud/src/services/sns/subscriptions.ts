import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';
import type { QueryOperation } from '../../core/query-protocol';
import { members } from '../../core/xml';
import type { Deliverer } from './delivery';
import { confirmationEnvelope, type EnvelopeSigner } from './envelope';
import { invalidParameter } from './errors';
import { filterPolicyProblem, type FilterPolicyScope } from './filter-policy';
import { PROTOCOLS, type Protocol, type SubscriptionRecord } from './model';
import { page, type SnsStore } from './store';
import { attributeEntries, DEFAULT_EFFECTIVE_DELIVERY_POLICY } from './topics';

const SUBSCRIPTION_ATTRIBUTES = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);
/** Protocols AWS has that this emulator does not deliver to. */
const UNEMULATED = new Set(['sms', 'lambda', 'application', 'firehose']);
const RAW_CAPABLE = new Set<Protocol>(['sqs', 'http', 'https']);
const SQS_ARN = /^arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

export function subscriptionOperations(
  store: SnsStore,
  deliverer: Deliverer,
  context: LocalCloudContext,
  signer: () => EnvelopeSigner,
) {
  /** Checks one attribute; `prefix` differs between Subscribe and SetSubscriptionAttributes. */
  function checkAttribute(
    name: string,
    value: string,
    protocol: Protocol,
    scope: FilterPolicyScope,
    prefix: string,
  ): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter(`${prefix}AttributeName`);
    if (name === 'RawMessageDelivery') {
      if (!['true', 'false'].includes(value.toLowerCase()))
        throw invalidParameter(
          `${prefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`,
        );
      if (!RAW_CAPABLE.has(protocol))
        throw invalidParameter(
          `${prefix}Delivery protocol [${protocol}] does not support raw message delivery.`,
        );
    }
    if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody')
      throw invalidParameter(
        `${prefix}FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
      );
    if (name === 'FilterPolicy' && value !== '') {
      const problem = filterPolicyProblem(value, scope);
      if (problem !== undefined) throw invalidParameter(`${prefix}${problem}`);
    }
  }

  function listing(subscription: SubscriptionRecord) {
    return {
      SubscriptionArn: subscription.pendingConfirmation ? 'PendingConfirmation' : subscription.arn,
      Owner: subscription.owner,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      TopicArn: subscription.topicArn,
    };
  }

  const operations: Record<string, QueryOperation> = {
    Subscribe(params) {
      const topic = store.topic(params.get('TopicArn'));
      const protocolName = params.get('Protocol') ?? '';
      if (UNEMULATED.has(protocolName))
        throw invalidParameter(
          `Invalid parameter: localcloud does not deliver to protocol ${protocolName}`,
        );
      if (!(PROTOCOLS as readonly string[]).includes(protocolName))
        throw invalidParameter(
          `Invalid parameter: Amazon SNS does not support this protocol string: ${protocolName}`,
        );
      const protocol = protocolName as Protocol;
      const endpoint = params.get('Endpoint') ?? '';
      checkEndpoint(protocol, endpoint);
      const attributes = Object.fromEntries(params.map('Attributes'));
      const scope = (attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
      for (const [name, value] of Object.entries(attributes))
        checkAttribute(name, value, protocol, scope, 'Invalid parameter: Attributes Reason: ');
      if (attributes.RawMessageDelivery !== undefined)
        attributes.RawMessageDelivery = attributes.RawMessageDelivery.toLowerCase();

      const existing = store
        .subscriptionsOf(topic.arn)
        .find((sub) => sub.protocol === protocol && sub.endpoint === endpoint);
      if (existing) {
        // Subscribe is idempotent for the same endpoint, unless the attributes differ.
        if (Object.entries(attributes).some(([name, value]) => existing.attributes[name] !== value))
          throw invalidParameter(
            'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
          );
        return { SubscriptionArn: responseArn(existing, params.get('ReturnSubscriptionArn')) };
      }

      // SQS in the same account is confirmed at once; HTTP(S) and e-mail wait for confirmation.
      const pending = protocol !== 'sqs';
      const subscription: SubscriptionRecord = {
        arn: `${topic.arn}:${randomUUID()}`,
        topicArn: topic.arn,
        protocol,
        endpoint,
        owner: context.accountId,
        pendingConfirmation: pending,
        ...(pending && { confirmationToken: randomBytes(144).toString('hex') }),
        attributes,
      };
      store.subscriptions.set(subscription.arn, subscription);
      if (protocol === 'http' || protocol === 'https') {
        const { messageId, body } = confirmationEnvelope(
          {
            topicArn: topic.arn,
            token: subscription.confirmationToken!,
            timestamp: context.now().toISOString(),
            signatureVersion: topic.attributes.SignatureVersion ?? '1',
          },
          signer(),
        );
        deliverer.confirm(subscription, messageId, body);
      }
      return { SubscriptionArn: responseArn(subscription, params.get('ReturnSubscriptionArn')) };
    },

    ConfirmSubscription(params) {
      const topic = store.topic(params.get('TopicArn'));
      const token = params.get('Token') ?? '';
      const subscription = store
        .subscriptionsOf(topic.arn)
        .find((sub) => sub.confirmationToken !== undefined && sub.confirmationToken === token);
      if (!subscription) throw invalidParameter('Invalid parameter: Token');
      subscription.pendingConfirmation = false;
      return { SubscriptionArn: subscription.arn };
    },

    Unsubscribe(params) {
      const subscriptionArn = params.get('SubscriptionArn') ?? '';
      if (!/^arn:aws:sns:[a-z0-9-]+:\d{12}:[^:]+:[0-9a-f-]{36}$/.test(subscriptionArn))
        throw invalidParameter('Invalid parameter: SubscriptionArn');
      // Unsubscribe is idempotent: an ARN that no longer exists is not an error.
      store.subscriptions.delete(subscriptionArn);
      return undefined;
    },

    ListSubscriptions(params) {
      const { items, nextToken } = page([...store.subscriptions.values()], params.get('NextToken'));
      return { Subscriptions: members(items.map(listing)), NextToken: nextToken };
    },

    ListSubscriptionsByTopic(params) {
      const topic = store.topic(params.get('TopicArn'));
      const { items, nextToken } = page(store.subscriptionsOf(topic.arn), params.get('NextToken'));
      return { Subscriptions: members(items.map(listing)), NextToken: nextToken };
    },

    GetSubscriptionAttributes(params) {
      const subscription = store.subscription(params.get('SubscriptionArn'));
      const { FilterPolicy, FilterPolicyScope, ...others } = subscription.attributes;
      return {
        Attributes: attributeEntries({
          Owner: subscription.owner,
          RawMessageDelivery: 'false',
          TopicArn: subscription.topicArn,
          Endpoint: subscription.endpoint,
          Protocol: subscription.protocol,
          PendingConfirmation: String(subscription.pendingConfirmation),
          ConfirmationWasAuthenticated: String(!subscription.pendingConfirmation),
          SubscriptionArn: subscription.arn,
          SubscriptionPrincipal: `arn:aws:iam::${context.accountId}:root`,
          EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
          ...others,
          // The scope is only reported alongside a policy it applies to.
          ...(FilterPolicy !== undefined &&
            FilterPolicy !== '' && {
              FilterPolicy,
              FilterPolicyScope: FilterPolicyScope ?? 'MessageAttributes',
            }),
        }),
      };
    },

    SetSubscriptionAttributes(params) {
      const subscription = store.subscription(params.get('SubscriptionArn'));
      const name = params.get('AttributeName') ?? '';
      const value = params.get('AttributeValue') ?? '';
      const scope = (
        name === 'FilterPolicyScope'
          ? value
          : (subscription.attributes.FilterPolicyScope ?? 'MessageAttributes')
      ) as FilterPolicyScope;
      checkAttribute(name, value, subscription.protocol, scope, 'Invalid parameter: ');
      if (name === 'FilterPolicyScope' && subscription.attributes.FilterPolicy) {
        const problem = filterPolicyProblem(subscription.attributes.FilterPolicy, scope);
        if (problem !== undefined) throw invalidParameter(`Invalid parameter: ${problem}`);
      }
      if (name === 'FilterPolicy' && value === '') delete subscription.attributes.FilterPolicy;
      else
        subscription.attributes[name] = name === 'RawMessageDelivery' ? value.toLowerCase() : value;
      return undefined;
    },
  };
  return operations;
}

/** Until confirmed, Subscribe answers "pending confirmation" unless the caller asked for the ARN. */
function responseArn(subscription: SubscriptionRecord, returnArn: string | undefined): string {
  return subscription.pendingConfirmation && returnArn !== 'true'
    ? 'pending confirmation'
    : subscription.arn;
}

function checkEndpoint(protocol: Protocol, endpoint: string): void {
  switch (protocol) {
    case 'sqs':
      if (!SQS_ARN.test(endpoint)) throw invalidParameter('Invalid parameter: SQS endpoint ARN');
      return;
    case 'http':
    case 'https':
      if (!endpoint.startsWith(`${protocol}://`))
        throw invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
      return;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(endpoint))
        throw invalidParameter('Invalid parameter: Email address');
      return;
  }
}
