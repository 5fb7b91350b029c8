import type { LocalCloudContext, QueueMessageAttribute } from '../../core/context';
import { notificationEnvelope, type EnvelopeSigner } from './envelope';
import {
  attributeValues,
  bodyValues,
  matchesFilterPolicy,
  type FilterPolicyScope,
} from './filter-policy';
import type { DeliveryRecord, PublishedMessage, SubscriptionRecord, TopicRecord } from './model';
import type { SnsStore } from './store';

/** HTTP(S) deliveries: the first attempt plus this many retries, AWS's default `numRetries`. */
const HTTP_RETRIES = 3;
const RETRY_DELAY_MS = 50;
const HTTP_TIMEOUT_MS = 5000;

/**
 * Fans a published message out to the topic's confirmed subscriptions whose filter policy
 * matches. SQS delivery is synchronous (in-process); HTTP(S) runs in the background and is
 * tracked so `settled()` can wait for it. Every outcome is kept in `store.deliveries`.
 */
export class Deliverer {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: SnsStore,
    private readonly context: LocalCloudContext,
    private readonly signer: () => EnvelopeSigner,
  ) {}

  deliver(topic: TopicRecord, message: PublishedMessage): void {
    for (const subscription of this.store.subscriptionsOf(topic.arn)) {
      const isEmail = subscription.protocol === 'email' || subscription.protocol === 'email-json';
      // SNS delivers nothing to an unconfirmed endpoint; e-mail is only recorded locally anyway.
      if (subscription.pendingConfirmation && !isEmail) continue;
      if (!passesFilter(subscription, message)) continue;
      const text = messageFor(subscription.protocol, message);
      const raw = subscription.attributes.RawMessageDelivery === 'true';
      const body =
        raw || subscription.protocol === 'email'
          ? text
          : notificationEnvelope(
              {
                messageId: message.messageId,
                topicArn: topic.arn,
                subscriptionArn: subscription.arn,
                ...(message.subject !== undefined && { subject: message.subject }),
                message: text,
                timestamp: message.timestamp,
                messageAttributes: message.messageAttributes,
                signatureVersion: topic.attributes.SignatureVersion ?? '1',
              },
              this.signer(),
            );
      const record = this.record(subscription, message.messageId, 'Notification', body);
      if (isEmail) {
        record.status = 'recorded';
      } else if (subscription.protocol === 'sqs') {
        this.deliverToQueue(subscription, record, raw ? message : undefined);
      } else {
        this.post(subscription, record, { 'x-amz-sns-rawdelivery': String(raw) });
      }
    }
  }

  /** Sends a SubscriptionConfirmation to an HTTP(S) endpoint. */
  confirm(subscription: SubscriptionRecord, messageId: string, body: string): void {
    const record = this.record(subscription, messageId, 'SubscriptionConfirmation', body);
    this.post(subscription, record, {});
  }

  /** Resolves once every HTTP(S) delivery started so far has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private record(
    subscription: SubscriptionRecord,
    messageId: string,
    type: DeliveryRecord['type'],
    body: string,
  ): DeliveryRecord {
    const record: DeliveryRecord = {
      subscriptionArn: subscription.arn,
      protocol: subscription.protocol,
      endpoint: subscription.endpoint,
      messageId,
      type,
      status: 'pending',
      attempts: 0,
      body,
    };
    this.store.deliveries.push(record);
    return record;
  }

  private deliverToQueue(
    subscription: SubscriptionRecord,
    record: DeliveryRecord,
    rawMessage: PublishedMessage | undefined,
  ): void {
    record.attempts = 1;
    const bus = this.context.bus;
    if (!bus.sendToQueue) {
      record.status = 'failed';
      record.lastError = 'no SQS service is attached to the bus';
      return;
    }
    try {
      bus.sendToQueue(
        subscription.endpoint,
        record.body,
        rawMessage ? queueAttributes(rawMessage) : {},
      );
      record.status = 'delivered';
    } catch (error) {
      record.status = 'failed';
      record.lastError = (error as Error).message;
    }
  }

  private post(
    subscription: SubscriptionRecord,
    record: DeliveryRecord,
    extra: Record<string, string>,
  ): void {
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': record.type,
      'x-amz-sns-message-id': record.messageId,
      'x-amz-sns-topic-arn': subscription.topicArn,
      ...(record.type === 'Notification' && { 'x-amz-sns-subscription-arn': subscription.arn }),
      ...extra,
    };
    const attempt = async (): Promise<void> => {
      for (let tries = 0; tries <= HTTP_RETRIES; tries += 1) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * tries));
        record.attempts += 1;
        try {
          const response = await fetch(subscription.endpoint, {
            method: 'POST',
            headers,
            body: record.body,
            signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
          });
          await response.arrayBuffer();
          if (response.status >= 200 && response.status < 300) {
            record.status = 'delivered';
            delete record.lastError;
            return;
          }
          record.lastError = `HTTP ${response.status}`;
        } catch (error) {
          record.lastError = (error as Error).message;
        }
      }
      record.status = 'failed';
    };
    const running = attempt().finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }
}

function passesFilter(subscription: SubscriptionRecord, message: PublishedMessage): boolean {
  const policy = subscription.attributes.FilterPolicy;
  if (policy === undefined || policy === '') return true;
  const scope = (subscription.attributes.FilterPolicyScope ??
    'MessageAttributes') as FilterPolicyScope;
  const values =
    scope === 'MessageBody'
      ? bodyValues(message.message)
      : attributeValues(message.messageAttributes);
  return matchesFilterPolicy(JSON.parse(policy), values);
}

/** With MessageStructure=json, each protocol gets its own key's text, else `default`. */
function messageFor(protocol: string, message: PublishedMessage): string {
  if (message.messageStructure !== 'json') return message.message;
  const perProtocol = JSON.parse(message.message) as Record<string, unknown>;
  const specific = perProtocol[protocol];
  return typeof specific === 'string' ? specific : String(perProtocol.default);
}

function queueAttributes(message: PublishedMessage): Record<string, QueueMessageAttribute> {
  return Object.fromEntries(
    Object.entries(message.messageAttributes).map(([name, attribute]) => [
      name,
      {
        DataType: attribute.DataType,
        ...(attribute.StringValue !== undefined && { StringValue: attribute.StringValue }),
        ...(attribute.BinaryValue !== undefined && {
          BinaryValue: Buffer.from(attribute.BinaryValue, 'base64'),
        }),
      },
    ]),
  );
}
