import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext } from '../../core/context';
import type { QueryOperation, QueryParams } from '../../core/query-protocol';
import { members } from '../../core/xml';
import type { Deliverer } from './delivery';
import { invalidParameter } from './errors';
import { publishSize, readMessageAttributes } from './message-attributes';
import type { PublishedMessage, StoredAttribute, TopicRecord } from './model';
import type { SnsStore } from './store';

/** 256 KiB: the whole message, attributes included. */
export const MAX_PUBLISH_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** ASCII printable, starting with a letter, digit or punctuation (so not a space). */
const SUBJECT = /^[!-~][ -~]*$/;

interface MessageInput {
  readonly message: string;
  readonly subject?: string;
  readonly messageStructure?: string;
  readonly messageAttributes: Record<string, StoredAttribute>;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
}

/** Reads one message (a Publish request or a PublishBatch entry) and validates it as SNS does. */
function readMessage(params: QueryParams, attributesPath: string): MessageInput {
  const subject = params.get('Subject');
  if (subject !== undefined && (subject.length >= 100 || !SUBJECT.test(subject)))
    throw invalidParameter('Invalid parameter: Subject');
  const message = params.get('Message');
  if (message === undefined || message === '')
    throw invalidParameter('Invalid parameter: Empty message');
  const messageAttributes = readMessageAttributes(params, attributesPath);
  if (publishSize(message, messageAttributes) > MAX_PUBLISH_BYTES)
    throw invalidParameter('Invalid parameter: Message too long');
  const messageStructure = params.get('MessageStructure');
  if (messageStructure !== undefined && messageStructure !== 'json')
    throw invalidParameter('Invalid parameter: MessageStructure');
  if (messageStructure === 'json') checkJsonStructure(message);
  return {
    message,
    ...(subject !== undefined && { subject }),
    ...(messageStructure !== undefined && { messageStructure }),
    messageAttributes,
    ...(params.get('MessageGroupId') !== undefined && {
      messageGroupId: params.get('MessageGroupId'),
    }),
    ...(params.get('MessageDeduplicationId') !== undefined && {
      messageDeduplicationId: params.get('MessageDeduplicationId'),
    }),
  };
}

function checkJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter(
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as Record<string, unknown>).default !== 'string'
  )
    throw invalidParameter(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
}

function checkFifo(topic: TopicRecord, input: MessageInput): void {
  const fifo = topic.attributes.FifoTopic === 'true';
  if (!fifo) {
    if (input.messageDeduplicationId !== undefined)
      throw invalidParameter(
        'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    return;
  }
  if (input.messageGroupId === undefined)
    throw invalidParameter(
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
  if (
    topic.attributes.ContentBasedDeduplication !== 'true' &&
    input.messageDeduplicationId === undefined
  )
    throw invalidParameter(
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
}

export function publishOperations(
  store: SnsStore,
  deliverer: Deliverer,
  context: LocalCloudContext,
) {
  let sequence = 0n;

  function accept(
    topic: TopicRecord,
    input: MessageInput,
  ): { MessageId: string; SequenceNumber?: string } {
    const published: PublishedMessage = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      ...(input.subject !== undefined && { subject: input.subject }),
      message: input.message,
      ...(input.messageStructure !== undefined && { messageStructure: input.messageStructure }),
      messageAttributes: input.messageAttributes,
      timestamp: context.now().toISOString(),
    };
    store.published.push(published);
    deliverer.deliver(topic, published);
    if (topic.attributes.FifoTopic !== 'true') return { MessageId: published.messageId };
    sequence += 1n;
    return {
      MessageId: published.messageId,
      SequenceNumber: sequence.toString().padStart(20, '0'),
    };
  }

  const operations: Record<string, QueryOperation> = {
    Publish(params) {
      const topicArn = params.get('TopicArn');
      const targetArn = params.get('TargetArn');
      if (params.get('PhoneNumber') !== undefined)
        throw invalidParameter(
          'Invalid parameter: PhoneNumber Reason: SMS is not available in localcloud',
        );
      if (topicArn !== undefined && targetArn !== undefined)
        throw invalidParameter(
          'Invalid parameter: TopicArn Reason: Only one of TopicArn or TargetArn is allowed',
        );
      if (topicArn === undefined && targetArn === undefined)
        throw invalidParameter(
          'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
        );
      const input = readMessage(params, 'messageAttributes');
      const topic = store.topic(
        topicArn ?? targetArn,
        topicArn !== undefined ? 'TopicArn' : 'TargetArn',
      );
      checkFifo(topic, input);
      return accept(topic, input);
    },

    PublishBatch(params) {
      const topic = store.topic(params.get('TopicArn'));
      const entries = params.list('PublishBatchRequestEntries.member');
      if (entries.length === 0)
        throw new AwsError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
      if (entries.length > MAX_BATCH_ENTRIES)
        throw new AwsError(
          'TooManyEntriesInBatchRequest',
          'The batch request contains more entries than permissible.',
        );
      const ids = entries.map((entry) => entry.get('Id') ?? '');
      if (new Set(ids).size !== ids.length)
        throw new AwsError(
          'BatchEntryIdsNotDistinct',
          'Two or more batch entries in the request have the same Id.',
        );
      if (ids.some((id) => !BATCH_ENTRY_ID.test(id)))
        throw new AwsError(
          'InvalidBatchEntryId',
          "The Id of a batch entry in a batch request doesn't abide by the specification.",
        );
      const total = entries.reduce(
        (sum, entry) => sum + Buffer.byteLength(entry.get('Message') ?? ''),
        0,
      );
      if (total > MAX_PUBLISH_BYTES)
        throw new AwsError(
          'BatchRequestTooLong',
          'The length of all the messages put together is more than the limit.',
        );

      const successful: { Id: string; MessageId: string; SequenceNumber?: string }[] = [];
      const failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[] = [];
      entries.forEach((entry, index) => {
        const id = ids[index]!;
        try {
          const input = readMessage(
            entry,
            `publishBatchRequestEntries.${index + 1}.member.messageAttributes`,
          );
          checkFifo(topic, input);
          successful.push({ Id: id, ...accept(topic, input) });
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          failed.push({ Id: id, Code: error.code, Message: error.message, SenderFault: true });
        }
      });
      return { Successful: members(successful), Failed: members(failed) };
    },
  };
  return operations;
}
