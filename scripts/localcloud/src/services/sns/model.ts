/** SNS's state, kept JSON-serializable so the emulator can persist it. */

export interface TopicRecord {
  readonly arn: string;
  readonly name: string;
  /** Settable attributes as the caller set them (DisplayName, Policy, KmsMasterKeyId, …). */
  attributes: Record<string, string>;
  tags: { Key: string; Value: string }[];
}

export type Protocol = 'sqs' | 'http' | 'https' | 'email' | 'email-json';
export const PROTOCOLS: readonly Protocol[] = ['sqs', 'http', 'https', 'email', 'email-json'];

export interface SubscriptionRecord {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: Protocol;
  readonly endpoint: string;
  readonly owner: string;
  pendingConfirmation: boolean;
  /** The token the SubscriptionConfirmation message carried, until confirmed. */
  confirmationToken?: string;
  attributes: Record<string, string>;
}

/** A stored message attribute (Binary values in base64). */
export interface StoredAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** What a successful Publish (or PublishBatch entry) recorded, readable with `published()`. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageStructure?: string;
  readonly messageAttributes: Record<string, StoredAttribute>;
  readonly timestamp: string;
}

/** One delivery attempt series to one subscription. */
export interface DeliveryRecord {
  readonly subscriptionArn: string;
  readonly protocol: Protocol;
  readonly endpoint: string;
  readonly messageId: string;
  readonly type: 'Notification' | 'SubscriptionConfirmation';
  /** `recorded`: e-mail is never sent locally; the message is kept for inspection instead. */
  status: 'pending' | 'delivered' | 'failed' | 'recorded';
  attempts: number;
  lastError?: string;
  /** The body delivered (or that would have been, for e-mail). */
  readonly body: string;
}

export interface SnsState {
  topics: TopicRecord[];
  subscriptions: SubscriptionRecord[];
  published: PublishedMessage[];
  deliveries: DeliveryRecord[];
}
