import { randomUUID, sign, type KeyObject } from 'node:crypto';
import type { StoredAttribute } from './model';

/** Where the emulator serves the signing certificate (see `handlePublic`). */
export const CERTIFICATE_PATH = '/_localcloud/sns/SimpleNotificationService.pem';

export interface EnvelopeSigner {
  readonly privateKey: KeyObject;
  readonly endpoint: string;
}

export interface NotificationInput {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly timestamp: string;
  readonly messageAttributes: Record<string, StoredAttribute>;
  /** The topic's SignatureVersion attribute: 1 signs with SHA1, 2 with SHA256. */
  readonly signatureVersion: string;
}

/**
 * The JSON document SNS delivers to SQS and HTTP(S) endpoints. The signature covers the fields
 * AWS lists for a Notification, in that order, each as `Name\nvalue\n`.
 */
export function notificationEnvelope(input: NotificationInput, signer: EnvelopeSigner): string {
  const fields: [string, string | undefined][] = [
    ['Message', input.message],
    ['MessageId', input.messageId],
    ['Subject', input.subject],
    ['Timestamp', input.timestamp],
    ['TopicArn', input.topicArn],
    ['Type', 'Notification'],
  ];
  const attributes = Object.entries(input.messageAttributes);
  return JSON.stringify({
    Type: 'Notification',
    MessageId: input.messageId,
    TopicArn: input.topicArn,
    ...(input.subject !== undefined && { Subject: input.subject }),
    Message: input.message,
    Timestamp: input.timestamp,
    SignatureVersion: input.signatureVersion,
    Signature: signFields(fields, input.signatureVersion, signer.privateKey),
    SigningCertURL: `${signer.endpoint}${CERTIFICATE_PATH}`,
    UnsubscribeURL: `${signer.endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(input.subscriptionArn)}`,
    ...(attributes.length > 0 && {
      MessageAttributes: Object.fromEntries(
        attributes.map(([name, attribute]) => [
          name,
          { Type: attribute.DataType, Value: attribute.StringValue ?? attribute.BinaryValue },
        ]),
      ),
    }),
  });
}

export interface ConfirmationInput {
  readonly topicArn: string;
  readonly token: string;
  readonly timestamp: string;
  readonly signatureVersion: string;
}

export function confirmationEnvelope(
  input: ConfirmationInput,
  signer: EnvelopeSigner,
): { messageId: string; body: string } {
  const messageId = randomUUID();
  const message = `You have chosen to subscribe to the topic ${input.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;
  const subscribeUrl = `${signer.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(input.topicArn)}&Token=${input.token}`;
  const fields: [string, string | undefined][] = [
    ['Message', message],
    ['MessageId', messageId],
    ['SubscribeURL', subscribeUrl],
    ['Timestamp', input.timestamp],
    ['Token', input.token],
    ['TopicArn', input.topicArn],
    ['Type', 'SubscriptionConfirmation'],
  ];
  const body = JSON.stringify({
    Type: 'SubscriptionConfirmation',
    MessageId: messageId,
    Token: input.token,
    TopicArn: input.topicArn,
    Message: message,
    SubscribeURL: subscribeUrl,
    Timestamp: input.timestamp,
    SignatureVersion: input.signatureVersion,
    Signature: signFields(fields, input.signatureVersion, signer.privateKey),
    SigningCertURL: `${signer.endpoint}${CERTIFICATE_PATH}`,
  });
  return { messageId, body };
}

/** The string AWS signs: each present field as `Name\nvalue\n`, in the order given. */
export function stringToSign(fields: [string, string | undefined][]): string {
  return fields
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
}

function signFields(
  fields: [string, string | undefined][],
  signatureVersion: string,
  privateKey: KeyObject,
): string {
  const algorithm = signatureVersion === '2' ? 'sha256' : 'sha1';
  return sign(algorithm, Buffer.from(stringToSign(fields), 'utf8'), privateKey).toString('base64');
}
