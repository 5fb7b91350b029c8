/** PutEvents: fills the envelope as AWS does, validates each entry, and routes it. */
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from '../../core/context';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { constraintViolation } from './errors';
import type { EventStore } from './event-store';
import { isPlainObject } from './pattern/validate-pattern';
import { routeEvent } from './routing';

const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 256 * 1024;

interface EntryResult {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

export function putEventsOperation(store: EventStore): JsonOperation {
  return (input) => {
    const entries: unknown = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0)
      throw constraintViolation(
        '[]',
        'entries',
        'Member must have length greater than or equal to 1',
      );
    if (entries.length > MAX_ENTRIES)
      throw constraintViolation(
        `[${entries.length} entries]`,
        'entries',
        `Member must have length less than or equal to ${MAX_ENTRIES}`,
      );
    const results = (entries as WireJson[]).map((entry) => putEntry(store, entry));
    return {
      FailedEntryCount: results.filter((result) => result.ErrorCode !== undefined).length,
      Entries: results,
    };
  };
}

function putEntry(store: EventStore, entry: WireJson): EntryResult {
  const failure = (ErrorCode: string, ErrorMessage: string): EntryResult => ({
    ErrorCode,
    ErrorMessage,
  });
  for (const [member, label] of [
    ['Source', 'Source'],
    ['DetailType', 'DetailType'],
    ['Detail', 'Detail'],
  ] as const) {
    if (typeof entry[member] !== 'string' || entry[member] === '')
      return failure(
        'InvalidArgument',
        `Parameter ${label} is not valid. Reason: ${label} is a required argument.`,
      );
  }
  const source = entry.Source as string;
  // Only AWS services may put events whose source starts with "aws.".
  if (source.startsWith('aws.'))
    return failure('NotAuthorizedForSourceException', 'Not authorized for the source.');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    return failure('MalformedDetail', 'Detail is malformed.');
  }
  if (!isPlainObject(detail)) return failure('MalformedDetail', 'Detail is malformed.');
  if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES)
    return failure('InvalidArgument', 'Event entry size exceeds the maximum of 256 KB.');
  const busName =
    typeof entry.EventBusName === 'string' && entry.EventBusName !== ''
      ? entry.EventBusName
      : 'default';
  const bus = store.findBus(busName);
  if (!bus) return failure('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  const event = buildEvent(store, {
    source,
    detailType: entry.DetailType as string,
    detail,
    resources: Array.isArray(entry.Resources) ? (entry.Resources as unknown[]).map(String) : [],
    time: typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : store.context.now(),
  });
  routeEvent(store, event, bus.name);
  return { EventId: event.id };
}

/** The envelope rules see, fields in the order AWS writes them. */
export function buildEvent(
  store: EventStore,
  fields: {
    source: string;
    detailType: string;
    detail: Record<string, unknown>;
    resources: string[];
    time: Date;
  },
): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': fields.detailType,
    source: fields.source,
    account: store.context.accountId,
    time: fields.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: store.context.region,
    resources: fields.resources,
    detail: fields.detail,
  };
}
