/**
 * Amazon SQS (standard queues) over AWS JSON 1.0, with the Query-compatible error headers the
 * SDK relies on, and over the AWS Query protocol older clients speak (a request without
 * `X-Amz-Target`). Also provides the bus's `sendToQueue`, so EventBridge and SNS deliver here.
 */
import type {
  LocalCloudContext,
  QueueMessageAttribute,
  ServiceBus,
  ServiceHandler,
} from '../../core/context';
import { createJsonService } from '../../core/json-protocol';
import { createQueryService } from '../../core/query-protocol';
import { headerValue, type AwsRequest } from '../../core/request';
import { queueDoesNotExist } from './errors';
import type { StoredAttribute } from './md5';
import { messageOperations } from './message-operations';
import { deliverToQueue } from './message-sending';
import { queueOperations } from './queue-operations';
import { queryOperations, renderSqsQueryError, SQS_XML_NAMESPACE } from './query-protocol';
import { isDelayed, isInFlight, QueueStore } from './queue-store';

/** A message as tests see it, without receiving it. */
export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, StoredAttribute>>;
  readonly receiveCount: number;
  readonly state: 'visible' | 'in-flight' | 'delayed';
}

export interface SqsService extends ServiceHandler {
  snapshot(): unknown;
  restore(state: unknown): void;
  /** Every message of a queue, in send order, leaving visibility untouched. */
  messagesIn(queueName: string): PeekedMessage[];
  queueUrl(queueName: string): string;
  queueArn(queueName: string): string;
  /** The capability installed on the bus: enqueue by ARN, as EventBridge and SNS do. */
  sendToQueue: NonNullable<ServiceBus['sendToQueue']>;
}

export function createSqsService(context: LocalCloudContext): SqsService {
  const store = new QueueStore(context);

  const sendToQueue: SqsService['sendToQueue'] = (queueArn, body, attributes = {}) => {
    const queue = store.byArn(queueArn);
    if (!queue) throw queueDoesNotExist();
    deliverToQueue(store, queue, body, toStoredAttributes(attributes));
  };
  context.bus.sendToQueue = sendToQueue;

  const operations = { ...queueOperations(store), ...messageOperations(store) };
  const persistence = {
    context,
    reset: () => store.reset(),
    snapshot: () => store.snapshot(),
    restore: (state: unknown) => store.restore(state),
  };
  const json = createJsonService({
    signingName: 'sqs',
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    operations,
    ...persistence,
  });
  const query = createQueryService({
    signingName: 'sqs',
    xmlNamespace: SQS_XML_NAMESPACE,
    operations: queryOperations(operations),
    ...persistence,
  });
  const isJson = (request: AwsRequest) => headerValue(request, 'x-amz-target') !== undefined;
  const handler: ServiceHandler = {
    ...json,
    actions: query.actions,
    protocolFamily: (request) => (isJson(request) ? 'json' : 'query'),
    handle: (request, auth) => (isJson(request) ? json : query).handle(request, auth),
    renderError: (error, request) =>
      isJson(request) ? json.renderError(error, request) : renderSqsQueryError(error, request),
    operationName: (request) => (isJson(request) ? json : query).operationName?.(request),
  };

  return {
    ...handler,
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    messagesIn(queueName) {
      const queue = store.byName(queueName);
      if (!queue) throw queueDoesNotExist();
      const now = store.now();
      return queue.messages.map((message) => ({
        messageId: message.messageId,
        body: message.body,
        attributes: message.attributes,
        receiveCount: message.receiveCount,
        state: isInFlight(message, now)
          ? 'in-flight'
          : isDelayed(message, now)
            ? 'delayed'
            : 'visible',
      }));
    },
    sendToQueue,
    queueUrl: (queueName) => store.urlOf(queueName),
    queueArn: (queueName) => store.arnOf(queueName),
  };
}

function toStoredAttributes(
  attributes: Readonly<Record<string, QueueMessageAttribute>>,
): Record<string, StoredAttribute> {
  const stored: Record<string, StoredAttribute> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    stored[name] =
      attribute.BinaryValue !== undefined
        ? { DataType: attribute.DataType, BinaryValue: attribute.BinaryValue.toString('base64') }
        : { DataType: attribute.DataType, StringValue: attribute.StringValue ?? '' };
  }
  return stored;
}
