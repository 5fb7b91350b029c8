import { PURCHASE_KIND } from '../../../../infra/aws/facts/recommendations';
import {
  FUTURE_TOLERANCE_MS,
  readActivity,
} from '../../../../lambdas/record-activity/activity-item';
import { NOW, encoded, interaction, platform, purchase, topicNamed } from './activity-fixtures';

const DAYS = platform.marketplaceApi.recommendations.recentActivityDays;
const purchases = topicNamed('purchases');
const interactions = topicNamed('interactions');

const read = (value: object | string, topic = purchases, now = NOW) =>
  readActivity(encoded(value), topic, DAYS, now);

describe('an activity record', () => {
  it('makes a purchase line a purchase of its product, keyed by its time and line id', () => {
    const verdict = read(purchase({ transaction_time: '2026-12-06T10:00:00Z' }));

    expect(verdict).toEqual({
      kind: 'activity',
      item: {
        customer_id: 'C0000042',
        activity_key: '2026-12-06T10:00:00.000Z#b7c1a3e2-1f4d-4c8e-9a2b-3c4d5e6f7a8b',
        product_id: 'P000123',
        kind: PURCHASE_KIND,
        at: '2026-12-06T10:00:00.000Z',
        country: 'DE',
        expires_at: Date.UTC(2026, 11, 6, 10) / 1000 + DAYS * 86_400,
      },
    });
  });

  it('makes an interaction its interaction_type, without a country when it has none', () => {
    const verdict = read(interaction({ interaction_type: 'wishlist' }), interactions);

    expect(verdict).toEqual({
      kind: 'activity',
      item: expect.objectContaining({
        customer_id: 'C0000042',
        activity_key: '2026-12-06T11:00:00.000Z#a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        product_id: 'P000123',
        kind: 'wishlist',
      }),
    });
    expect(verdict.kind === 'activity' && 'country' in verdict.item).toBe(false);
  });

  it('writes the time with milliseconds, so keys of one customer sort by time', () => {
    const times = [
      '2026-12-06T09:59:59.9Z',
      '2026-12-06T10:00:00.123456789Z',
      '2026-12-06T10:00:00Z',
    ];
    const keys = times.map((time) => {
      const verdict = read(purchase({ transaction_time: time }));
      if (verdict.kind !== 'activity') throw new Error(verdict.kind);
      return verdict.item.activity_key.split('#')[0];
    });

    expect(keys).toEqual([
      '2026-12-06T09:59:59.900Z',
      '2026-12-06T10:00:00.123Z',
      '2026-12-06T10:00:00.000Z',
    ]);
    expect([...keys].sort()).toEqual([keys[0], keys[2], keys[1]]);
  });

  it('keeps odd ids exactly as sent: spaces, +, %, slashes, #, unicode', () => {
    const customer = ' Zoë + Co %2F/ü  ';
    const product = 'P#1 %20 +😀';
    const id = 'line 1/+%#ß';
    const verdict = read(
      purchase({ customer_id: customer, product_id: product, transaction_id: id }),
    );

    expect(verdict).toMatchObject({
      kind: 'activity',
      item: {
        customer_id: customer,
        product_id: product,
        activity_key: `2026-12-06T10:00:00.000Z#${id}`,
      },
    });
  });

  it.each([
    ['a customer of null', { customer_id: null }],
    ['no customer', { customer_id: undefined }],
    ['an empty customer', { customer_id: '' }],
    ['no product (a search)', { product_id: null, interaction_type: 'search' }],
  ])('is anonymous with %s, whatever else it lacks', (_what, overrides) => {
    expect(
      read(interaction({ ...overrides, interaction_time: 'yesterday' }), interactions),
    ).toEqual({ kind: 'anonymous' });
  });

  it.each([
    ['an empty value', '', 'no value'],
    ['text that is not JSON', 'this is not JSON {', 'not JSON'],
    ['a JSON array', '[1,2]', 'not a JSON object'],
    ['a JSON string', '"C0000042"', 'not a JSON object'],
  ])('is malformed as %s', (_what, value, reason) => {
    const verdict = readActivity(value === '' ? '' : encoded(value), purchases, DAYS, NOW);
    expect(verdict).toEqual({ kind: 'malformed', reason });
  });

  it.each([
    ['no time', { transaction_time: undefined }, 'no readable transaction_time'],
    ['a local date', { transaction_time: '06/12/2026 10:00' }, 'no readable transaction_time'],
    [
      'a time without zone',
      { transaction_time: '2026-12-06 10:00:00' },
      'no readable transaction_time',
    ],
    [
      'a day that does not exist',
      { transaction_time: '2026-02-30T10:00:00Z' },
      'no readable transaction_time',
    ],
    ['epoch milliseconds', { transaction_time: 1_765_015_200_000 }, 'no readable transaction_time'],
    ['an empty line id', { transaction_id: '' }, 'no transaction_id'],
    ['a numeric line id', { transaction_id: 7 }, 'no transaction_id'],
    ['a numeric customer', { customer_id: 42 }, 'customer_id is not a string'],
    ['an object product', { product_id: { id: 'P1' } }, 'product_id is not a string'],
    ['a numeric country', { country: 49 }, 'country is not a string'],
    [
      'a customer over the key limit',
      { customer_id: 'c'.repeat(2_049) },
      'customer_id longer than 2048 bytes',
    ],
    [
      'a line id over the sort key limit',
      { transaction_id: 't'.repeat(1_000) },
      'record id longer than the 1024-byte sort key allows',
    ],
    [
      'a product of 1,026 bytes',
      { product_id: 'ü'.repeat(513) },
      'product_id longer than 1024 bytes',
    ],
  ])('is malformed with %s', (_what, overrides, reason) => {
    expect(read(purchase(overrides))).toEqual({ kind: 'malformed', reason });
  });

  it('takes ids right up to the limits DynamoDB sets on keys', () => {
    const verdict = read(
      purchase({ customer_id: 'c'.repeat(2_048), transaction_id: 't'.repeat(1_024 - 25) }),
    );

    expect(verdict).toMatchObject({ kind: 'activity' });
  });

  it('is malformed as an interaction without its interaction_type', () => {
    expect(read(interaction({ interaction_type: null }), interactions)).toEqual({
      kind: 'malformed',
      reason: 'no interaction_type',
    });
  });

  it('is malformed when dated more than 15 minutes ahead of the clock, not when less', () => {
    const at = (ms: number) => purchase({ transaction_time: new Date(ms).toISOString() });

    expect(read(at(NOW + FUTURE_TOLERANCE_MS))).toMatchObject({ kind: 'activity' });
    expect(read(at(NOW + FUTURE_TOLERANCE_MS + 1))).toEqual({
      kind: 'malformed',
      reason: 'transaction_time more than 15 minutes ahead of the clock',
    });
  });

  it('is expired once its time plus recentActivityDays has passed, kept until then', () => {
    const event = Date.UTC(2026, 11, 6, 10);
    const record = purchase({ transaction_time: new Date(event).toISOString() });
    const expiry = event + DAYS * 86_400_000;

    expect(read(record, purchases, expiry - 1_000)).toMatchObject({ kind: 'activity' });
    expect(read(record, purchases, expiry)).toEqual({ kind: 'expired' });
    expect(read(record, purchases, expiry + 86_400_000)).toEqual({ kind: 'expired' });
  });
});
