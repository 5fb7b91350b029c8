/**
 * The item-to-item affinities planted in the generated history, checked from the answer key and
 * the clean records alone (nothing of the generator's code but `generateDay`): a recommender of
 * the companions of what a customer bought or viewed last finds their held-out last order far
 * more often than the products most popular in their country.
 */
import { generateDay } from '../../../../scripts/generate-data/generate-day';
import type { Interaction, Transaction } from '../../../../scripts/generate-data/records';
import { DAY, PLATFORM, SEED } from './helpers';

/** Recommendations judged per customer: hit rate at 10. */
const TOP = 10;
const options = { platform: PLATFORM, day: DAY, size: 'small' as const, historyDays: 180 };
const day = generateDay({ ...options, seed: SEED });
const { companions } = day.figures.affinities;
const truth = day.truth;

interface Order {
  readonly id: string;
  readonly customer: string;
  readonly country: string;
  readonly time: number;
  readonly products: string[];
}

/** Order lines grouped into orders, oldest first. */
function ordersOf(lines: readonly Transaction[]): Order[] {
  const orders = new Map<string, Order>();
  for (const line of lines) {
    const order = orders.get(line.order_id) ?? {
      id: line.order_id,
      customer: line.customer_id,
      country: line.country,
      time: line.transaction_time.getTime(),
      products: [],
    };
    order.products.push(line.product_id);
    orders.set(line.order_id, order);
  }
  return [...orders.values()].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}

const orders = ordersOf([...truth.history.transactions, ...truth.transactions]);
const ordersByCustomer = groupBy(orders, (order) => order.customer);
const viewsByCustomer = groupBy(
  [...truth.history.interactions, ...truth.interactions].filter(
    (each) => each.customer_id !== null && each.product_id !== null,
  ),
  (each) => each.customer_id!,
);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/**
 * Each customer's held-out last order (when the clean zone kept it: a spoiled line of the day can
 * take it), and what they bought and viewed before its visit started, newest first.
 */
function heldOut() {
  const heldIds = new Set(
    truth.plantedCustomers.flatMap((each) => each.last_order?.order_id ?? []),
  );
  const cases = truth.plantedCustomers.flatMap((customer) => {
    const own = ordersByCustomer.get(customer.customer_id) ?? [];
    const target = own.find((order) => order.id === customer.last_order?.order_id);
    if (target === undefined) return [];
    const before = Date.parse(customer.last_order!.visit_started_at);
    const bought = own.filter((order) => order.time < before);
    if (bought.length === 0) return [];
    const seen = (viewsByCustomer.get(customer.customer_id) ?? []).filter(
      (view: Interaction) => view.interaction_time.getTime() < before,
    );
    const events = [
      ...bought.map((order) => ({ time: order.time, products: order.products })),
      ...seen.map((view) => ({
        time: view.interaction_time.getTime(),
        products: [view.product_id!],
      })),
    ].sort((a, b) => b.time - a.time);
    return [{ target, events, justBought: new Set(bought.at(-1)!.products) }];
  });
  return { heldIds, cases };
}

/** Companions of the products bought or viewed, newest first, never what was just bought. */
function companionsRecommender(
  events: readonly { products: readonly string[] }[],
  skip: Set<string>,
) {
  const list: string[] = [];
  for (const event of events)
    for (const product of event.products)
      for (const companion of companions[product] ?? [])
        if (list.length < TOP && !skip.has(companion) && !list.includes(companion))
          list.push(companion);
  return list;
}

/** Products by distinct buyers in each country, over every order that is not held out. */
function popularityByCountry(held: ReadonlySet<string>): Map<string, string[]> {
  const buyers = new Map<string, Map<string, Set<string>>>();
  for (const order of orders.filter((each) => !held.has(each.id)))
    for (const product of order.products) {
      const country = buyers.get(order.country) ?? new Map<string, Set<string>>();
      country.set(product, (country.get(product) ?? new Set()).add(order.customer));
      buyers.set(order.country, country);
    }
  return new Map(
    [...buyers].map(([country, counts]) => [
      country,
      [...counts]
        .sort(([a, x], [b, y]) => y.size - x.size || a.localeCompare(b))
        .map(([product]) => product),
    ]),
  );
}

describe('the item-to-item affinities planted in the generated history', () => {
  it('gives every product two to four companions: the other products of its bundle', () => {
    const products = Object.keys(companions);
    expect(products.length).toBeGreaterThan(500);
    for (const product of products) {
      const mates = companions[product]!;
      expect(mates.length).toBeGreaterThanOrEqual(2);
      expect(mates.length).toBeLessThanOrEqual(4);
      expect(mates).not.toContain(product);
      // A bundle: each companion has the same bundle, seen from its side.
      for (const mate of mates)
        expect([mate, ...companions[mate]!].sort()).toEqual([product, ...mates].sort());
    }
    const sold = new Set(orders.flatMap((order) => order.products));
    expect([...sold].every((product) => product in companions)).toBe(true);
  });

  it('is the same for the same seed, and another for another seed', () => {
    // The plant is the world's: a day without history has the same.
    const again = (seed: number) => generateDay({ ...options, seed, historyDays: 0 }).figures;
    expect(again(SEED).affinities).toEqual(day.figures.affinities);
    expect(again(SEED + 1).affinities.companions).not.toEqual(companions);
  });

  it('makes a customer’s next order follow the companions of the one before, about as planted', () => {
    let pairs = 0;
    let following = 0;
    for (const list of ordersByCustomer.values())
      list.slice(1).forEach((order, index) => {
        const mates = new Set(list[index]!.products.flatMap((product) => companions[product]!));
        pairs += 1;
        if (order.products.some((product) => mates.has(product))) following += 1;
      });
    // The first line follows at the planted rate; the lines after it add a little.
    const { followsCompanion } = day.figures.affinities;
    expect(pairs).toBeGreaterThan(5000);
    expect(following / pairs).toBeGreaterThan(followsCompanion - 0.05);
    expect(following / pairs).toBeLessThan(followsCompanion + 0.15);
  });

  it('lets the companions of what a customer bought or viewed last find the held-out order at least twice as often as country popularity', () => {
    const { heldIds, cases } = heldOut();
    const popular = popularityByCountry(heldIds);
    const hit = (list: readonly string[], target: Order) =>
      list.some((product) => target.products.includes(product));
    let companionHits = 0;
    let popularHits = 0;
    for (const { target, events, justBought } of cases) {
      if (hit(companionsRecommender(events, justBought), target)) companionHits += 1;
      const top = (popular.get(target.country) ?? []).filter((p) => !justBought.has(p));
      if (hit(top.slice(0, TOP), target)) popularHits += 1;
    }
    const companionRate = companionHits / cases.length;
    const popularRate = popularHits / cases.length;

    expect(cases.length).toBeGreaterThan(1500);
    // Popularity is a baseline worth beating: far above a random ten of 600 products.
    expect(popularRate).toBeGreaterThan(0.1);
    expect(companionRate).toBeGreaterThanOrEqual(2 * popularRate);
  });
});
