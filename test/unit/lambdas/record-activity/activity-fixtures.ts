/**
 * Records of the activity topics as the marketplace sends them (test/fixtures/marketplace-records),
 * and a fake of the table's BatchWriteItem that records its calls. Shared by the consumer's unit tests;
 * not a test file itself.
 */
import { activityTopics, type ActivityTopic } from '../../../../infra/aws/facts/activity';
import type { ActivityItem } from '../../../../infra/aws/facts/recommendations';
import { loadPlatform } from '../../../../infra/platform';
import type { PutActivityItems } from '../../../../lambdas/record-activity/activity-writes';
import { INTERACTION, TRANSACTION } from '../../../fixtures/marketplace-records';

export const platform = loadPlatform('dev');

export function topicNamed(name: string): ActivityTopic {
  const found = activityTopics(platform).find((topic) => topic.topic.name === name);
  if (!found) throw new Error(`${name} is not an activity topic`);
  return found;
}

/** The clock of the tests: 2026-12-06T12:00:00Z. */
export const NOW = Date.UTC(2026, 11, 6, 12);

/** A purchase line as the marketplace sends it, at 10:00 on the tests' day. */
export function purchase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...TRANSACTION, transaction_time: '2026-12-06T10:00:00.000Z', ...overrides };
}

/** A signed-in customer's interaction with a product, at 11:00 on the tests' day. */
export function interaction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...INTERACTION,
    customer_id: 'C0000042',
    interaction_time: '2026-12-06T11:00:00.000Z',
    ...overrides,
  };
}

/** A record's value as the mapping hands it over: base64 of its JSON. */
export function encoded(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
}

/**
 * A BatchWriteItem that records each call and leaves unprocessed, call by call, the number of
 * items `unprocessed` says (the last ones of the call), then none.
 */
export function fakeTable(unprocessed: number[] = []): {
  put: PutActivityItems;
  calls: ActivityItem[][];
  stored: Map<string, ActivityItem>;
} {
  const calls: ActivityItem[][] = [];
  const stored = new Map<string, ActivityItem>();
  const put: PutActivityItems = (items) => {
    calls.push([...items]);
    const keys = new Set(items.map((item) => `${item.customer_id}|${item.activity_key}`));
    if (keys.size !== items.length)
      return Promise.reject(new Error('Provided list of item keys contains duplicates'));
    if (items.length > 25) return Promise.reject(new Error('Too many items requested'));
    const left = Math.min(unprocessed.shift() ?? 0, items.length);
    const done = items.slice(0, items.length - left);
    for (const item of done) stored.set(`${item.customer_id}|${item.activity_key}`, item);
    return Promise.resolve(items.slice(items.length - left));
  };
  return { put, calls, stored };
}
