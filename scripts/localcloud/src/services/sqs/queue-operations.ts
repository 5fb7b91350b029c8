/** Queue lifecycle and configuration: CreateQueue … PurgeQueue, plus queue tags. */
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import {
  invalidParameterValue,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
} from './errors';
import {
  DEFAULT_ATTRIBUTES,
  parseQueueAttributes,
  requestedAttributeNames,
} from './queue-attributes';
import { isDelayed, isInFlight, isVisible, type QueueStore, type SqsQueue } from './queue-store';
import { optionalInteger, optionalString, requiredString, stringList } from './wire-input';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function queueOperations(store: QueueStore): Record<string, JsonOperation> {
  const queueExists = (arn: string) => store.byArn(arn) !== undefined;

  return {
    CreateQueue(input) {
      const name = requiredString(input, 'QueueName');
      if (!QUEUE_NAME.test(name))
        throw invalidParameterValue(
          'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
        );
      const requested = parseQueueAttributes(input.Attributes, queueExists, { creating: true });
      const existing = store.byName(name);
      if (existing) {
        // Re-creating is idempotent only when every attribute asked for has the value it already has.
        for (const [attribute, value] of Object.entries(requested)) {
          if ((existing.attributes[attribute] ?? '') !== value) throw queueNameExists(attribute);
        }
        return { QueueUrl: store.urlOf(name) };
      }
      if (store.deletedRecently(name)) throw queueDeletedRecently();
      const now = store.now();
      const attributes = { ...DEFAULT_ATTRIBUTES, ...requested };
      if (requested.KmsMasterKeyId !== undefined && requested.SqsManagedSseEnabled === undefined)
        attributes.SqsManagedSseEnabled = 'false';
      if (
        requested.KmsMasterKeyId !== undefined &&
        attributes.KmsDataKeyReusePeriodSeconds === undefined
      )
        attributes.KmsDataKeyReusePeriodSeconds = '300';
      store.add({
        name,
        arn: store.arnOf(name),
        createdAt: now,
        lastModifiedAt: now,
        attributes,
        messages: [],
        tags: parseTags(input.tags),
      });
      return { QueueUrl: store.urlOf(name) };
    },

    GetQueueUrl(input) {
      const name = requiredString(input, 'QueueName');
      const owner = optionalString(input, 'QueueOwnerAWSAccountId');
      const queue =
        owner === undefined || owner === store.accountId ? store.byName(name) : undefined;
      if (!queue) throw queueDoesNotExist();
      return { QueueUrl: store.urlOf(name) };
    },

    GetQueueAttributes(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const { all, names } = requestedAttributeNames(input.AttributeNames);
      const everything = describeQueue(queue, store.now());
      const Attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(everything)) {
        if (all || names.has(name)) Attributes[name] = value;
      }
      return Object.keys(Attributes).length > 0 ? { Attributes } : {};
    },

    SetQueueAttributes(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const changes = parseQueueAttributes(input.Attributes, queueExists, { creating: false });
      for (const [name, value] of Object.entries(changes)) {
        // An empty RedrivePolicy or Policy removes it, as in AWS.
        if (
          value === '' &&
          (name === 'RedrivePolicy' || name === 'Policy' || name === 'RedriveAllowPolicy')
        )
          delete queue.attributes[name];
        else queue.attributes[name] = value;
      }
      if (changes.KmsMasterKeyId !== undefined && changes.SqsManagedSseEnabled === undefined)
        queue.attributes.SqsManagedSseEnabled = 'false';
      if (changes.SqsManagedSseEnabled === 'true') delete queue.attributes.KmsMasterKeyId;
      queue.lastModifiedAt = store.now();
      store.expire(queue);
      return {};
    },

    ListQueues(input) {
      const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
      const maxResults = optionalInteger(
        input,
        'MaxResults',
        1,
        1000,
        'MaxResults must be an integer between 1 and 1000.',
      );
      const token = optionalString(input, 'NextToken');
      if (token !== undefined && maxResults === undefined)
        throw invalidParameterValue(
          'MaxResults is a mandatory parameter when you provide a value for NextToken.',
        );
      const after = token === undefined ? undefined : decodeToken(token);
      const names = store
        .all()
        .map((queue) => queue.name)
        .filter((name) => name.startsWith(prefix) && (after === undefined || name > after));
      const page = names.slice(0, maxResults ?? 1000);
      const more = maxResults !== undefined && names.length > page.length;
      return {
        ...(page.length > 0 && { QueueUrls: page.map((name) => store.urlOf(name)) }),
        ...(more && { NextToken: Buffer.from(page.at(-1)!, 'utf8').toString('base64') }),
      };
    },

    DeleteQueue(input) {
      store.remove(store.byUrl(requiredString(input, 'QueueUrl')));
      return {};
    },

    PurgeQueue(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      const now = store.now();
      if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < 60_000)
        throw purgeQueueInProgress(queue.name);
      queue.lastPurgeAt = now;
      queue.messages = [];
      return {};
    },

    TagQueue(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      Object.assign(queue.tags, parseTags(input.Tags));
      return {};
    },

    UntagQueue(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      for (const key of stringList(input, 'TagKeys')) delete queue.tags[key];
      return {};
    },

    ListQueueTags(input) {
      const queue = store.byUrl(requiredString(input, 'QueueUrl'));
      return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
    },
  };
}

/** Every attribute GetQueueAttributes can show for this queue, computed now. */
function describeQueue(queue: SqsQueue, now: number): Record<string, string> {
  const count = (predicate: (message: SqsQueue['messages'][number]) => boolean) =>
    String(queue.messages.filter(predicate).length);
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: count((message) => isVisible(message, now)),
    ApproximateNumberOfMessagesNotVisible: count((message) => isInFlight(message, now)),
    ApproximateNumberOfMessagesDelayed: count((message) => isDelayed(message, now)),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
    ...queue.attributes,
  };
}

function parseTags(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidParameterValue('Tags must be a map of tag key to value.');
  return Object.fromEntries(
    Object.entries(raw as WireJson).map(([key, value]) => [key, String(value)]),
  );
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (!QUEUE_NAME.test(decoded)) throw invalidParameterValue('Invalid NextToken value.');
  return decoded;
}
