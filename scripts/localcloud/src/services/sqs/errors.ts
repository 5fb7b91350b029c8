/**
 * SQS speaks AWS JSON 1.0 but stays compatible with its older Query protocol: every error carries
 * the Smithy shape in `__type` and the legacy Query code in `x-amzn-query-error: <code>;<fault>`.
 * SDK v3 reads the header first and maps it back to the modelled exception (QueueDoesNotExist, …);
 * codes that are not modelled (InvalidParameterValue, MissingParameter) surface under their
 * Query name.
 */
import { AwsError } from '../../core/aws-error';

const SQS_NAMESPACE = 'com.amazonaws.sqs';
const CORAL_NAMESPACE = 'com.amazon.coral.service';

function sqsError(shape: string, queryCode: string, message: string, status = 400): AwsError {
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  return new AwsError(shape, message, status, {
    fault,
    headers: { 'x-amzn-query-error': `${queryCode};${fault}` },
  });
}

export const queueDoesNotExist = (): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#QueueDoesNotExist`,
    'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.',
  );

export const queueNameExists = (attribute: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#QueueNameExists`,
    'QueueAlreadyExists',
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );

export const queueDeletedRecently = (): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#QueueDeletedRecently`,
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );

export const purgeQueueInProgress = (queueName: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#PurgeQueueInProgress`,
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    403,
  );

export const invalidAddress = (url: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#InvalidAddress`,
    'InvalidAddress',
    `The address ${url} is not valid for this endpoint.`,
    404,
  );

export const receiptHandleIsInvalid = (handle: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#ReceiptHandleIsInvalid`,
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );

export const messageNotInflight = (): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#MessageNotInflight`,
    'AWS.SimpleQueueService.MessageNotInflight',
    'The message referred to is not in flight.',
  );

export const invalidAttributeName = (name: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#InvalidAttributeName`,
    'InvalidAttributeName',
    `Unknown Attribute ${name}.`,
  );

export const invalidAttributeValue = (name: string, reason?: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#InvalidAttributeValue`,
    'InvalidAttributeValue',
    reason === undefined
      ? `Invalid value for the parameter ${name}.`
      : `Value for parameter ${name} is invalid. Reason: ${reason}`,
  );

export const invalidMessageContents = (): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#InvalidMessageContents`,
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );

export const invalidParameterValue = (message: string): AwsError =>
  sqsError(`${CORAL_NAMESPACE}#InvalidParameterValueException`, 'InvalidParameterValue', message);

export const missingParameter = (name: string): AwsError =>
  sqsError(
    `${CORAL_NAMESPACE}#MissingParameterException`,
    'MissingParameter',
    `The request must contain the parameter ${name}.`,
  );

export const emptyBatchRequest = (entryShape: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#EmptyBatchRequest`,
    'AWS.SimpleQueueService.EmptyBatchRequest',
    `There should be at least one ${entryShape} in the request.`,
  );

export const tooManyEntriesInBatchRequest = (count: number): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#TooManyEntriesInBatchRequest`,
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );

export const batchEntryIdsNotDistinct = (id: string): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#BatchEntryIdsNotDistinct`,
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`,
  );

export const invalidBatchEntryId = (): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#InvalidBatchEntryId`,
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );

export const batchRequestTooLong = (limit: number, sent: number): AwsError =>
  sqsError(
    `${SQS_NAMESPACE}#BatchRequestTooLong`,
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );

/** The Query code a batch entry reports in `Failed[].Code`, from the error that rejected it. */
export function queryCodeOf(error: AwsError): string {
  const header = error.options.headers?.['x-amzn-query-error'];
  return header === undefined ? error.code : (header.split(';')[0] ?? error.code);
}
