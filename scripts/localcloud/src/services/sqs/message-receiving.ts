/**
 * ReceiveMessage: picks visible messages, hides them for the visibility timeout, moves those
 * that exhausted their redrive policy to the dead-letter queue, and long-polls (in real time)
 * until a message arrives or WaitTimeSeconds elapse.
 */
import type { WireJson } from '../../core/json-protocol';
import { invalidParameterValue } from './errors';
import { md5OfAttributes, type StoredAttribute } from './md5';
import { selectAttributes } from './message-attributes';
import { redrivePolicyOf } from './queue-attributes';
import { isVisible, type QueueStore, type SqsQueue, type StoredMessage } from './queue-store';
import { newReceiptHandle } from './receipt-handle';
import { optionalInteger, requiredString, stringList } from './wire-input';

const SYSTEM_ATTRIBUTE_NAMES = new Set([
  'All',
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
]);

/** How often a long poll re-checks the queue, so clock moves and expiring timeouts are seen. */
const POLL_INTERVAL_MS = 50;

interface ReceiveRequest {
  readonly max: number;
  readonly visibilityTimeout: number | undefined;
  readonly waitSeconds: number | undefined;
  readonly systemAttributes: readonly string[];
  readonly messageAttributes: readonly string[];
}

export async function receiveMessage(store: QueueStore, input: WireJson): Promise<unknown> {
  const url = requiredString(input, 'QueueUrl');
  const request = parseReceive(input);
  const first = store.byUrl(url);
  const waitSeconds = request.waitSeconds ?? Number(first.attributes.ReceiveMessageWaitTimeSeconds);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const queue = store.byUrl(url);
    const messages = takeVisible(store, queue, request);
    const remaining = deadline - Date.now();
    if (messages.length > 0 || remaining <= 0)
      return messages.length > 0 ? { Messages: messages } : {};
    await store.waitForChange(Math.min(remaining, POLL_INTERVAL_MS));
  }
}

function parseReceive(input: WireJson): ReceiveRequest {
  const max =
    optionalInteger(
      input,
      'MaxNumberOfMessages',
      1,
      10,
      'Must be between 1 and 10, if provided.',
    ) ?? 1;
  const visibilityTimeout = optionalInteger(
    input,
    'VisibilityTimeout',
    0,
    43_200,
    'Must be >= 0 and <= 43200, if provided.',
  );
  const waitSeconds = optionalInteger(
    input,
    'WaitTimeSeconds',
    0,
    20,
    'Must be >= 0 and <= 20, if provided.',
  );
  const systemAttributes = [
    ...stringList(input, 'AttributeNames'),
    ...stringList(input, 'MessageSystemAttributeNames'),
  ];
  for (const name of systemAttributes) {
    if (!SYSTEM_ATTRIBUTE_NAMES.has(name))
      throw invalidParameterValue(`Value ${name} for parameter AttributeNames is invalid.`);
  }
  return {
    max,
    visibilityTimeout,
    waitSeconds,
    systemAttributes,
    messageAttributes: stringList(input, 'MessageAttributeNames'),
  };
}

function takeVisible(store: QueueStore, queue: SqsQueue, request: ReceiveRequest): unknown[] {
  const now = store.now();
  const visibilitySeconds = request.visibilityTimeout ?? Number(queue.attributes.VisibilityTimeout);
  const redrive = redrivePolicyOf(queue.attributes);
  const deadLetterQueue = redrive ? store.byArn(redrive.deadLetterTargetArn) : undefined;
  const received: unknown[] = [];
  for (const message of [...queue.messages]) {
    if (received.length >= request.max) break;
    if (!isVisible(message, now)) continue;
    // AWS moves a message once delivering it again would exceed maxReceiveCount.
    if (redrive && deadLetterQueue && message.receiveCount >= redrive.maxReceiveCount) {
      moveToDeadLetterQueue(store, queue, deadLetterQueue, message, now);
      continue;
    }
    message.receiveCount += 1;
    message.firstReceivedAt ??= now;
    message.visibleAt = now + visibilitySeconds * 1000;
    message.receiptHandle = newReceiptHandle(message.messageId);
    received.push(render(message, request, store.accountId));
  }
  return received;
}

function moveToDeadLetterQueue(
  store: QueueStore,
  source: SqsQueue,
  target: SqsQueue,
  message: StoredMessage,
  now: number,
): void {
  source.messages = source.messages.filter((candidate) => candidate !== message);
  const moved: StoredMessage = { ...message, visibleAt: now, deadLetterSourceArn: source.arn };
  // The handle from the source queue must not act on the message in its new queue.
  delete moved.receiptHandle;
  store.enqueue(target, moved);
}

function render(message: StoredMessage, request: ReceiveRequest, accountId: string): unknown {
  const Attributes = systemAttributes(message, request.systemAttributes, accountId);
  const MessageAttributes: Record<string, StoredAttribute> = selectAttributes(
    message.attributes,
    request.messageAttributes,
  );
  const hasAttributes = Object.keys(MessageAttributes).length > 0;
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(Attributes).length > 0 && { Attributes }),
    ...(hasAttributes && {
      MessageAttributes,
      MD5OfMessageAttributes: md5OfAttributes(MessageAttributes),
    }),
  };
}

function systemAttributes(
  message: StoredMessage,
  requested: readonly string[],
  accountId: string,
): Record<string, string> {
  const all = requested.includes('All');
  const values: Record<string, string | undefined> = {
    SenderId: accountId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp:
      message.firstReceivedAt === undefined ? undefined : String(message.firstReceivedAt),
    AWSTraceHeader: message.systemAttributes.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && (all || requested.includes(name))) result[name] = value;
  }
  return result;
}
