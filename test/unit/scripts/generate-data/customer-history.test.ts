import { bucketName } from '../../../../infra/platform';
import { partitionOfObject } from '../../../../lambdas/register-partitions/partition-path';
import {
  BEHAVIOUR_SHARES,
  CUSTOMER_BEHAVIOURS,
} from '../../../../scripts/produce-events/customer-behaviour';
import { generateDay, generateRawDay } from '../../../../scripts/generate-data/generate-day';
import type { Transaction } from '../../../../scripts/generate-data/records';
import { DAY, PLATFORM, SEED } from './helpers';

const HISTORY = 180;
const options = { platform: PLATFORM, seed: SEED, day: DAY, size: 'small' as const };
const day = generateDay({ ...options, historyDays: HISTORY });
const raw = generateRawDay({ ...options, historyDays: HISTORY });
const truth = day.truth;
const DAY_MS = 86_400_000;
const dayOfTime = (time: Date) => time.toISOString().slice(0, 10);
const daysFrom = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** Each customer's orders (one per order id) with their day. */
const ordersOf = (lines: readonly Transaction[]) => {
  const orders = new Map<string, Map<string, string>>();
  for (const line of lines) {
    const list = orders.get(line.customer_id) ?? new Map<string, string>();
    list.set(line.order_id, dayOfTime(line.transaction_time));
    orders.set(line.customer_id, list);
  }
  return new Map(
    [...orders].map(([customer, list]) => [customer, [...list.values()].map((d) => ({ day: d }))]),
  );
};
const allLines = [...truth.history.transactions, ...truth.transactions];
const byCustomer = ordersOf(allLines);
const planted = new Map(truth.plantedCustomers.map((each) => [each.customer_id, each]));

describe('the customer history before the generated day', () => {
  it('arrives as one backfill file per dataset and day, in the days before the day', () => {
    const history = day.objects.filter((object) => object.history);
    const first = new Date(Date.parse(DAY) - HISTORY * DAY_MS).toISOString().slice(0, 10);
    expect(day.figures.history.days).toBe(HISTORY);
    for (const dataset of ['transactions', 'interactions']) {
      const files = history.filter((object) => object.dataset === dataset);
      const days = files.map((object) => /year=(\d+)\/month=(\d+)\/day=(\d+)\//.exec(object.key)!);
      const isoDays = days.map((match) => `${match[1]}-${match[2]}-${match[3]}`);
      expect(new Set(isoDays).size).toBe(files.length);
      expect(isoDays.every((each) => each >= first && each < DAY)).toBe(true);
      expect(files.length).toBeGreaterThan(HISTORY * 0.9);
      expect(day.figures.history.datasets.find((each) => each.dataset === dataset)).toEqual({
        dataset,
        objects: files.length,
        records: files.reduce((sum, object) => sum + object.records, 0),
        bytes: files.reduce((sum, object) => sum + object.body.length, 0),
      });
    }
    // Every file lands in a partition the registration function registers.
    const bucket = bucketName(PLATFORM, 'raw', '123456789012', 'eu-west-1');
    for (const object of history)
      expect(
        partitionOfObject(
          PLATFORM,
          { account: '123456789012', region: 'eu-west-1' },
          bucket,
          object.key,
        ).action,
      ).toBe('register');
  });

  it('is clean: every record kept, every id once across the history and the day', () => {
    const drafts = raw.history.flatMap((object) => object.drafts);
    expect(drafts.every((draft) => draft.outcome.kept)).toBe(true);
    expect(truth.history.transactions.length + truth.history.interactions.length).toBe(
      drafts.length,
    );
    const ids = [
      ...allLines.map((line) => line.transaction_id),
      ...truth.history.interactions.map((each) => each.interaction_id),
      ...truth.interactions.map((each) => each.interaction_id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('plants every behaviour in about its share of the customers', () => {
    const customers = truth.plantedCustomers.length;
    for (const behaviour of CUSTOMER_BEHAVIOURS) {
      const share =
        truth.plantedCustomers.filter((each) => each.behaviour === behaviour).length / customers;
      expect(Math.abs(share - BEHAVIOUR_SHARES[behaviour])).toBeLessThan(0.04);
    }
  });

  it('lets lapsed customers stop for good, months ago, and nobody order before signing up', () => {
    for (const [customer, orders] of byCustomer) {
      const plant = planted.get(customer)!;
      expect(orders.every((order) => order.day >= plant.signup_date)).toBe(true);
      if (plant.stops_after !== undefined)
        expect(orders.every((order) => order.day <= plant.stops_after!)).toBe(true);
    }
    const lapsed = truth.plantedCustomers.filter((each) => each.behaviour === 'lapsed');
    for (const plant of lapsed) {
      expect(daysFrom(plant.stops_after!, DAY)).toBeGreaterThanOrEqual(60);
      expect(plant.orders_in_next_30_days).toBe(0);
    }
    const today = new Set(truth.transactions.map((line) => line.customer_id));
    expect(lapsed.some((plant) => today.has(plant.customer_id))).toBe(false);
    const fresh = truth.plantedCustomers.filter((each) => each.behaviour === 'new');
    expect(fresh.every((plant) => daysFrom(plant.signup_date, DAY) <= 60)).toBe(true);
  });

  it('spaces a fading customer’s orders ever wider, and plans no order after the stop', () => {
    const fading = truth.plantedCustomers.filter((each) => each.behaviour === 'fading');
    let widening = 0;
    let counted = 0;
    for (const plant of fading) {
      const days = [...new Set((byCustomer.get(plant.customer_id) ?? []).map((o) => o.day))].sort();
      if (days.length < 6) continue;
      const gaps = days.slice(1).map((each, index) => daysFrom(days[index]!, each));
      const half = Math.floor(gaps.length / 2);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      counted += 1;
      if (mean(gaps.slice(half)) > mean(gaps.slice(0, half))) widening += 1;
    }
    expect(counted).toBeGreaterThan(fading.length / 2);
    expect(widening / counted).toBeGreaterThan(0.8);
    // Most fading customers will not order in the month after the day; loyal ones will.
    const churning = (behaviour: string) => {
      const group = truth.plantedCustomers.filter((each) => each.behaviour === behaviour);
      return group.filter((each) => each.orders_in_next_30_days === 0).length / group.length;
    };
    expect(churning('fading')).toBeGreaterThan(0.8);
    expect(churning('loyal')).toBeLessThan(0.1);
  });

  it('puts each ordered product in the cart in a visit just before the order', () => {
    const carts = new Set(
      truth.history.interactions
        .filter((each) => each.interaction_type === 'add_to_cart')
        .map(
          (each) => `${each.customer_id}|${each.product_id}|${dayOfTime(each.interaction_time)}`,
        ),
    );
    const sample = truth.history.transactions.slice(0, 500);
    const found = sample.filter((line) =>
      carts.has(`${line.customer_id}|${line.product_id}|${dayOfTime(line.transaction_time)}`),
    );
    // A visit a few minutes before an order just after midnight can fall on the day before.
    expect(found.length / sample.length).toBeGreaterThan(0.97);
  });

  it('has no history when asked for none', () => {
    const none = generateDay({ ...options, historyDays: 0 });
    expect(none.objects.some((object) => object.history)).toBe(false);
    expect(none.figures.history.datasets.every((each) => each.objects === 0)).toBe(true);
  });
});
