/**
 * One record's verdict: the activity item it makes, or why it makes none. Pure.
 *
 * A record is activity when it names a customer and a product: an anonymous view or a search is
 * not (`anonymous`, counted, never an error). What names them but cannot be read as the lake
 * reads it, a value that is not a JSON object or lacks a readable event time, record id or kind,
 * is `malformed`: counted and reported by position, never by content (the records hold customer
 * ids), and left out; the streaming job keeps it anyway (raw zone, then `_rejected/` in clean).
 * An event whose time plus `recentActivityDays` has passed would expire on arrival (`expired`).
 */
import type { ActivityTopic } from '../../infra/aws/facts/activity';
import { INTERACTION_KIND_COLUMN } from '../../infra/aws/facts/activity';
import { PURCHASE_KIND, type ActivityItem } from '../../infra/aws/facts/recommendations';
import { typeMismatch } from '../../infra/platform';

/** DynamoDB's limits on a partition key and a sort key value (bytes of UTF-8). */
const MAX_PARTITION_KEY_BYTES = 2_048;
export const MAX_SORT_KEY_BYTES = 1_024;
/**
 * Longest product id, kind or country kept: far above any real one, and it keeps every item a
 * few KB, so no record can make a write DynamoDB refuses (400 KB an item) and fail its batch.
 */
export const MAX_VALUE_BYTES = 1_024;

/**
 * How far past the clock an event time may lie. A producer's clock a little fast is tolerated;
 * a record dated ahead would stay its customer's newest activity until its time came.
 */
export const FUTURE_TOLERANCE_MS = 15 * 60_000;

const DAY_SECONDS = 86_400;

export type ActivityVerdict =
  | { readonly kind: 'activity'; readonly item: ActivityItem }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** `<ISO time>#<record id>`: sorts a customer's items by time, unique per record. */
function activityKey(at: string, recordId: string): string {
  return `${at}#${recordId}`;
}

/** The verdict on one record's value (base64 JSON), at `now` (epoch ms). */
export function readActivity(
  value: string | null | undefined,
  topic: ActivityTopic,
  recentActivityDays: number,
  now: number,
): ActivityVerdict {
  if (typeof value !== 'string' || value === '') return malformed('no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return malformed('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return malformed('not a JSON object');
  const fields = parsed as Record<string, unknown>;

  const customer = fields.customer_id;
  const product = fields.product_id;
  if (isAbsent(customer) || isAbsent(product)) return { kind: 'anonymous' };
  const country = fields.country;
  if (typeof customer !== 'string') return malformed('customer_id is not a string');
  if (typeof product !== 'string') return malformed('product_id is not a string');
  if (!isAbsent(country) && typeof country !== 'string')
    return malformed('country is not a string');

  const timeText = fields[topic.eventTimeColumn];
  // The lake's own test of a timestamp (ISO 8601 UTC): what it rejects is not activity either.
  if (typeof timeText !== 'string' || typeMismatch('timestamp', timeText) !== undefined)
    return malformed(`no readable ${topic.eventTimeColumn}`);
  const time = Date.parse(timeText);
  if (time > now + FUTURE_TOLERANCE_MS)
    return malformed(`${topic.eventTimeColumn} more than 15 minutes ahead of the clock`);
  const recordId = fields[topic.recordIdColumn];
  if (typeof recordId !== 'string' || recordId === '')
    return malformed(`no ${topic.recordIdColumn}`);
  const kind = topic.source === 'purchase' ? PURCHASE_KIND : fields[INTERACTION_KIND_COLUMN];
  if (typeof kind !== 'string' || kind === '') return malformed(`no ${INTERACTION_KIND_COLUMN}`);

  const at = new Date(time).toISOString();
  const item: ActivityItem = {
    customer_id: customer,
    activity_key: activityKey(at, recordId),
    product_id: product,
    kind,
    at,
    ...(typeof country === 'string' && country !== '' && { country }),
    expires_at: Math.floor(time / 1000) + recentActivityDays * DAY_SECONDS,
  };
  const tooLong = overLimit(item);
  if (tooLong !== undefined) return malformed(tooLong);
  if (item.expires_at * 1000 <= now) return { kind: 'expired' };
  return { kind: 'activity', item };
}

function malformed(reason: string): ActivityVerdict {
  return { kind: 'malformed', reason };
}

/** No customer or no product: null, missing or empty, as an anonymous record leaves them. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Which value is over DynamoDB's key limits or `MAX_VALUE_BYTES`, if one is. */
function overLimit(item: ActivityItem): string | undefined {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  if (bytes(item.customer_id) > MAX_PARTITION_KEY_BYTES)
    return `customer_id longer than ${MAX_PARTITION_KEY_BYTES} bytes`;
  if (bytes(item.activity_key) > MAX_SORT_KEY_BYTES)
    return `record id longer than the ${MAX_SORT_KEY_BYTES}-byte sort key allows`;
  for (const [name, value] of [
    ['product_id', item.product_id],
    ['kind', item.kind],
    ['country', item.country ?? ''],
  ] as const) {
    if (bytes(value) > MAX_VALUE_BYTES) return `${name} longer than ${MAX_VALUE_BYTES} bytes`;
  }
  return undefined;
}
