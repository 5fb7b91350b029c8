/** Sending, deleting and re-timing messages, singly and in batches. */
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import {
  batchRequestTooLong,
  invalidParameterValue,
  messageNotInflight,
  receiptHandleIsInvalid,
} from './errors';
import { batchEntries, runBatch } from './batch';
import { entrySize, sendOne } from './message-sending';
import { receiveMessage } from './message-receiving';
import { isInFlight, type QueueStore, type SqsQueue } from './queue-store';
import { messageIdOfHandle } from './receipt-handle';
import { requiredString } from './wire-input';

const MAX_BATCH_BYTES = 1_048_576;
const MAX_VISIBILITY_SECONDS = 43_200;

export function messageOperations(store: QueueStore): Record<string, JsonOperation> {
  return {
    SendMessage(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      return sendOne(store, queue, input);
    },

    SendMessageBatch(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
      const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
      if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(MAX_BATCH_BYTES, total);
      return runBatch(entries, (entry) => sendOne(store, queue, entry));
    },

    ReceiveMessage: (input) => receiveMessage(store, input),

    DeleteMessage(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      deleteMessage(queue, requiredString(input, 'ReceiptHandle'));
      return {};
    },

    DeleteMessageBatch(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
      return runBatch(entries, (entry) => {
        deleteMessage(queue, requiredString(entry, 'ReceiptHandle'));
        return {};
      });
    },

    ChangeMessageVisibility(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      changeVisibility(store, queue, input);
      return {};
    },

    ChangeMessageVisibilityBatch(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const entries = batchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
      return runBatch(entries, (entry) => {
        changeVisibility(store, queue, entry);
        return {};
      });
    },
  };
}

/**
 * A malformed handle is an error; a well-formed one whose message is gone or was received again
 * since succeeds without deleting anything, as AWS does.
 */
function deleteMessage(queue: SqsQueue, handle: string): void {
  if (messageIdOfHandle(handle) === undefined) throw receiptHandleIsInvalid(handle);
  queue.messages = queue.messages.filter((message) => message.receiptHandle !== handle);
}

function changeVisibility(store: QueueStore, queue: SqsQueue, entry: WireJson): void {
  const handle = requiredString(entry, 'ReceiptHandle');
  const timeout: unknown = entry.VisibilityTimeout;
  if (timeout === undefined || timeout === null)
    throw invalidParameterValue('The request must contain the parameter VisibilityTimeout.');
  if (
    typeof timeout !== 'number' ||
    !Number.isInteger(timeout) ||
    timeout < 0 ||
    timeout > MAX_VISIBILITY_SECONDS
  )
    throw invalidParameterValue(
      `Value ${JSON.stringify(timeout)} for parameter VisibilityTimeout is invalid. Reason: VisibilityTimeout must be an integer between 0 and ${MAX_VISIBILITY_SECONDS}.`,
    );
  if (messageIdOfHandle(handle) === undefined) throw receiptHandleIsInvalid(handle);
  const message = queue.messages.find((candidate) => candidate.receiptHandle === handle);
  if (!message)
    throw invalidParameterValue(
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    );
  const now = store.now();
  if (!isInFlight(message, now)) throw messageNotInflight();
  // A message may stay hidden at most 12 hours after it was first received.
  const limit = (message.firstReceivedAt ?? now) + MAX_VISIBILITY_SECONDS * 1000;
  if (now + timeout * 1000 > limit)
    throw invalidParameterValue(
      `Value ${timeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds].`,
    );
  message.visibleAt = now + timeout * 1000;
  if (timeout === 0) store.wakeWaiters();
}
