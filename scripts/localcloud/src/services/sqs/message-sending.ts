/** Turning a SendMessage (or batch entry, or bus delivery) into a stored message. */
import { randomUUID } from 'node:crypto';
import type { WireJson } from '../../core/json-protocol';
import { invalidMessageContents, invalidParameterValue, missingParameter } from './errors';
import { md5Hex, md5OfAttributes, type StoredAttribute } from './md5';
import {
  attributesSize,
  parseMessageAttributes,
  parseSystemAttributes,
} from './message-attributes';
import type { QueueStore, SqsQueue, StoredMessage } from './queue-store';
import { optionalInteger } from './wire-input';

/** XML 1.0's character set, which is what SQS accepts in a body. */
const ALLOWED_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export interface SendResult {
  readonly MessageId: string;
  readonly MD5OfMessageBody: string;
  readonly MD5OfMessageAttributes?: string;
  readonly MD5OfMessageSystemAttributes?: string;
}

/** Validates one message (body, delay, attributes, size) against the queue and stores it. */
export function sendOne(store: QueueStore, queue: SqsQueue, input: WireJson): SendResult {
  const body: unknown = input.MessageBody;
  if (typeof body !== 'string' || body === '') throw missingParameter('MessageBody');
  const delaySeconds = optionalInteger(
    input,
    'DelaySeconds',
    0,
    900,
    'DelaySeconds must be >= 0 and <= 900.',
  );
  const attributes = parseMessageAttributes(input.MessageAttributes);
  const systemAttributes = parseSystemAttributes(input.MessageSystemAttributes);
  return storeMessage(store, queue, body, attributes, systemAttributes, delaySeconds);
}

/** Bus delivery (EventBridge, SNS): same validation, attributes already decoded. */
export function deliverToQueue(
  store: QueueStore,
  queue: SqsQueue,
  body: string,
  attributes: Record<string, StoredAttribute>,
): SendResult {
  return storeMessage(store, queue, body, attributes, {}, undefined);
}

function storeMessage(
  store: QueueStore,
  queue: SqsQueue,
  body: string,
  attributes: Record<string, StoredAttribute>,
  systemAttributes: Record<string, StoredAttribute>,
  delaySeconds: number | undefined,
): SendResult {
  if (!ALLOWED_BODY.test(body)) throw invalidMessageContents();
  const limit = Number(queue.attributes.MaximumMessageSize);
  if (Buffer.byteLength(body) + attributesSize(attributes) > limit)
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    );
  const now = store.now();
  const delay = delaySeconds ?? Number(queue.attributes.DelaySeconds);
  const md5OfAttributes_ = md5OfAttributes(attributes);
  const md5OfSystemAttributes = md5OfAttributes(systemAttributes);
  const message: StoredMessage = {
    messageId: randomUUID(),
    body,
    attributes,
    systemAttributes,
    md5OfBody: md5Hex(body),
    ...(md5OfAttributes_ !== undefined && { md5OfAttributes: md5OfAttributes_ }),
    ...(md5OfSystemAttributes !== undefined && { md5OfSystemAttributes }),
    sentAt: now,
    visibleAt: now + delay * 1000,
    receiveCount: 0,
  };
  store.enqueue(queue, message);
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(message.md5OfAttributes !== undefined && {
      MD5OfMessageAttributes: message.md5OfAttributes,
    }),
    ...(message.md5OfSystemAttributes !== undefined && {
      MD5OfMessageSystemAttributes: message.md5OfSystemAttributes,
    }),
  };
}

/** The bytes a send entry weighs towards the batch limit. */
export function entrySize(entry: WireJson): number {
  const body = typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0;
  try {
    return body + attributesSize(parseMessageAttributes(entry.MessageAttributes));
  } catch {
    return body;
  }
}
