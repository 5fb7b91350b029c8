/**
 * The attributes CreateQueue and SetQueueAttributes accept, with the ranges the SQS API
 * reference documents, and the read-only ones GetQueueAttributes adds.
 */
import { invalidAttributeName, invalidAttributeValue, invalidParameterValue } from './errors';

export const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  VisibilityTimeout: [0, 43_200],
  MaximumMessageSize: [1_024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  DelaySeconds: [0, 900],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const SETTABLE = new Set([
  ...Object.keys(INTEGER_RANGES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
]);

/** Names GetQueueAttributes recognises, besides `All`. */
export const READABLE_ATTRIBUTES = new Set([
  ...SETTABLE,
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** How a RedrivePolicy's target is resolved: the caller knows which queues exist. */
export type QueueExists = (queueArn: string) => boolean;

/**
 * Validates attributes from CreateQueue/SetQueueAttributes and returns them normalised (numbers
 * without leading zeros, RedrivePolicy re-serialised the way GetQueueAttributes shows it).
 */
export function parseQueueAttributes(
  raw: unknown,
  queueExists: QueueExists,
  options: { creating: boolean },
): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidParameterValue('Attributes must be a map of attribute name to value.');
  const parsed: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === 'FifoQueue' && options.creating) {
      if (String(value) === 'true')
        throw invalidParameterValue(
          'localcloud emulates standard queues only; FIFO queues are not supported.',
        );
      continue;
    }
    if (!SETTABLE.has(name)) throw invalidAttributeName(name);
    if (typeof value !== 'string') throw invalidAttributeValue(name);
    parsed[name] = normaliseValue(name, value, queueExists);
  }
  if (parsed.KmsMasterKeyId !== undefined && parsed.SqsManagedSseEnabled === 'true')
    throw invalidAttributeValue(
      'SqsManagedSseEnabled',
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    );
  return parsed;
}

function normaliseValue(name: string, value: string, queueExists: QueueExists): string {
  const range = INTEGER_RANGES[name];
  if (range) {
    const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isInteger(number) || number < range[0] || number > range[1])
      throw invalidAttributeValue(name);
    return String(number);
  }
  switch (name) {
    case 'SqsManagedSseEnabled':
      if (value !== 'true' && value !== 'false') throw invalidAttributeValue(name);
      return value;
    case 'Policy':
    case 'RedriveAllowPolicy':
      if (value !== '' && !isJsonObject(value)) throw invalidAttributeValue(name);
      return value;
    case 'RedrivePolicy':
      return value === '' ? '' : normaliseRedrivePolicy(value, queueExists);
    default:
      return value;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

function normaliseRedrivePolicy(text: string, queueExists: QueueExists): string {
  const invalid = (reason: string) =>
    invalidParameterValue(
      `Value ${text} for parameter RedrivePolicy is invalid. Reason: ${reason}`,
    );
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('Redrive policy is not a valid JSON map.');
  const target = parsed.deadLetterTargetArn;
  const count = Number(parsed.maxReceiveCount);
  if (typeof target !== 'string' || parsed.maxReceiveCount === undefined)
    throw invalid('Redrive policy must contain deadLetterTargetArn and maxReceiveCount.');
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw invalid(
      `Invalid value for maxReceiveCount: ${JSON.stringify(parsed.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  if (!queueExists(target)) throw invalid('Dead letter target does not exist.');
  const policy: RedrivePolicy = { deadLetterTargetArn: target, maxReceiveCount: count };
  return JSON.stringify(policy);
}

export function redrivePolicyOf(
  attributes: Readonly<Record<string, string>>,
): RedrivePolicy | undefined {
  const text = attributes.RedrivePolicy;
  return text === undefined || text === '' ? undefined : (JSON.parse(text) as RedrivePolicy);
}

/** Validates the names asked of GetQueueAttributes (`All` expands to every attribute). */
export function requestedAttributeNames(raw: unknown): { all: boolean; names: Set<string> } {
  const names = Array.isArray(raw) ? raw.map(String) : [];
  for (const name of names) {
    if (name !== 'All' && !READABLE_ATTRIBUTES.has(name)) throw invalidAttributeName(name);
  }
  return { all: names.includes('All'), names: new Set(names) };
}
