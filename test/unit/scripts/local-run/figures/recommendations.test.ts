import { loadPlatform } from '../../../../../infra/platform';
import type { RecommendationsAnswer } from '../../../../../infra/aws/facts/recommendations';
import { generateDay } from '../../../../../scripts/generate-data/generate-day';
import type { PlantedCustomer } from '../../../../../scripts/generate-data/customer-history';
import type {
  CleanDay,
  Interaction,
  Transaction,
} from '../../../../../scripts/generate-data/records';
import {
  customersActiveOnDay,
  popularityBaseline,
  recommendationFigures,
  RecommendationFiguresError,
} from '../../../../../scripts/local-run/figures/recommendations';
import type { AskedRecommendations } from '../../../../../scripts/local-run/marketplace/recommendations-client';
import {
  bestSellersByBuyers,
  countryBestSellers,
  nextPurchaseCases,
} from '../../../../fixtures/next-purchase-reference';

const DAY = '2026-03-02';
const DAY_MS = 86_400_000;
const END = Date.parse(`${DAY}T00:00:00Z`) + DAY_MS;

let lineId = 0;
/** An order line of `customer`, `daysBeforeEnd` days before the day's end. */
function line(
  customer: string,
  product: string,
  country: string,
  daysBeforeEnd: number,
  quantity = 1,
): Transaction {
  lineId += 1;
  return {
    transaction_id: `t${lineId}`,
    order_id: `o${lineId}`,
    customer_id: customer,
    product_id: product,
    product_category: 'books',
    quantity,
    unit_price_cents: 999,
    currency: 'EUR',
    transaction_time: new Date(END - daysBeforeEnd * DAY_MS),
    country,
  };
}

function visit(customer: string | null, product: string): Interaction {
  return {
    interaction_id: `i-${customer}-${product}`,
    customer_id: customer,
    session_id: 's',
    interaction_type: 'view',
    page_url: `/p/${product}`,
    product_id: product,
    device: 'mobile',
    interaction_time: new Date(END - 3_600_000),
  };
}

function planted(id: string, next?: readonly string[]): PlantedCustomer {
  return {
    customer_id: id,
    behaviour: 'loyal',
    signup_date: '2024-01-01',
    orders_in_next_30_days: next === undefined ? 0 : 1,
    ...(next !== undefined && { next_order: { day: '2026-03-05', product_ids: next } }),
  };
}

function cleanDay(parts: {
  history?: Transaction[];
  today?: Transaction[];
  interactions?: Interaction[];
  planted: PlantedCustomer[];
}): CleanDay {
  return {
    accessEvents: [],
    webLogs: [],
    transactions: parts.today ?? [],
    interactions: parts.interactions ?? [],
    customers: [],
    history: { days: 180, transactions: parts.history ?? [], interactions: [] },
    plantedCustomers: parts.planted,
  };
}

describe('popularityBaseline', () => {
  it('ranks the products of the customer’s country by distinct buyers, not units, ties by id', () => {
    const truth = cleanDay({
      history: [
        // P3: one buyer, by the dozen; P2 and P1: two buyers each; P4: one.
        line('A', 'P3', 'DE', 100, 12),
        line('A', 'P3', 'DE', 90, 12),
        line('B', 'P2', 'DE', 80),
        line('C', 'P2', 'DE', 80),
        line('B', 'P1', 'DE', 70),
        line('D', 'P1', 'DE', 70),
        line('D', 'P4', 'DE', 60),
        // Elsewhere P9 sells best: not in a German's list.
        line('X', 'P9', 'FR', 60),
        line('Y', 'P9', 'FR', 60),
        line('Z', 'P9', 'FR', 60),
      ],
      planted: [planted('E', ['P1'])],
    });
    // E's country: their latest order's (on the day).
    truth.transactions.push(line('E', 'P5', 'DE', 0.5));

    const lists = popularityBaseline(truth, { day: DAY, justBoughtDays: 30, limit: 3 });

    expect(lists).toEqual(new Map([['E', ['P1', 'P2', 'P3']]]));
  });

  it('leaves out what the customer bought in the last `justBoughtDays` days, not before', () => {
    const truth = cleanDay({
      history: [
        line('A', 'P1', 'DE', 100),
        line('B', 'P1', 'DE', 100),
        line('C', 'P1', 'DE', 100),
        line('A', 'P2', 'DE', 100),
        line('B', 'P2', 'DE', 100),
        line('A', 'P3', 'DE', 100),
        // E bought P1 29 days before the day's end, P2 31 days before it.
        line('E', 'P1', 'DE', 29),
        line('E', 'P2', 'DE', 31),
      ],
      planted: [planted('E', ['P2'])],
    });

    const lists = popularityBaseline(truth, { day: DAY, justBoughtDays: 30, limit: 2 });

    expect(lists.get('E')).toEqual(['P2', 'P3']);
  });

  it('gives a customer who never ordered everyone’s best sellers, and lists only customers with a next order', () => {
    const truth = cleanDay({
      history: [line('A', 'P9', 'FR', 10), line('B', 'P9', 'FR', 10), line('C', 'P1', 'DE', 10)],
      planted: [planted('N', ['P1']), planted('A'), planted('B')],
    });

    const lists = popularityBaseline(truth, { day: DAY, justBoughtDays: 30 });

    expect(lists).toEqual(new Map([['N', ['P9', 'P1']]]));
  });

  it('agrees on a generated day with the reference computed from the answer key alone', () => {
    const { truth } = generateDay({
      platform: loadPlatform('dev'),
      seed: 3,
      day: DAY,
      size: 'small',
      historyDays: 30,
    });
    const cases = nextPurchaseCases(truth, DAY, 30);
    const bestSellers = bestSellersByBuyers(truth);

    const lists = popularityBaseline(truth, { day: DAY, justBoughtDays: 30 });

    expect(cases.length).toBeGreaterThan(1000);
    expect(lists).toEqual(
      new Map(cases.map((each) => [each.customerId, countryBestSellers(each, bestSellers, 10)])),
    );
    const active = customersActiveOnDay(truth);
    expect(cases.filter((each) => active.has(each.customerId))).toEqual(
      cases.filter((each) => each.activeOnDay),
    );
    expect(cases.filter((each) => each.activeOnDay).length).toBeGreaterThan(20);
  });
});

describe('customersActiveOnDay', () => {
  it('holds the customers who ordered or did something with a product signed in on the day', () => {
    const truth = cleanDay({
      history: [line('H', 'P1', 'DE', 5)],
      today: [line('A', 'P1', 'DE', 0.5)],
      // An anonymous visitor, and a search that names no product.
      interactions: [
        visit('B', 'P2'),
        visit(null, 'P3'),
        { ...visit('S', 'P4'), product_id: null },
      ],
      planted: [],
    });

    expect(customersActiveOnDay(truth)).toEqual(new Set(['A', 'B']));
  });
});

describe('recommendationFigures', () => {
  function asked(
    userId: string,
    products: readonly string[],
    strategy: 'personalised' | 'popular',
    ms = 10,
  ): [string, AskedRecommendations] {
    const answer: RecommendationsAnswer = {
      user_id: userId,
      strategy,
      model_date: DAY,
      generated_at: '2026-03-03T00:00:00.000Z',
      recommendations: products.map((product_id, index) => ({
        product_id,
        rank: index + 1,
        score: 1,
        reason: strategy === 'personalised' && index === 0 ? 'related' : 'popular',
      })),
    };
    return [userId, { answer, ms }];
  }

  const customers = [
    planted('A', ['P1', 'P2']),
    planted('B', ['P3']),
    planted('C', ['P4']),
    planted('D', ['P5']),
    planted('Q'), // no next order: not judged
  ];

  it('counts the hits of the API and of the baseline, overall, by activity on the day and by strategy', () => {
    const figures = recommendationFigures({
      planted: customers,
      asked: new Map([
        asked('A', ['P9', 'P2'], 'personalised', 5), // hit
        asked('B', ['P3'], 'personalised', 20), // hit
        asked('C', ['P8'], 'popular', 30),
        asked('D', ['P5'], 'popular', 40), // hit
      ]),
      baseline: new Map([
        ['A', ['P1']], // hit
        ['B', ['P7']],
        ['C', ['P7']],
        ['D', ['P7']],
      ]),
      activeOnDay: new Set(['A', 'C']),
    });

    expect(figures).toEqual({
      limit: 10,
      target: 2,
      customers: 4,
      api: { hits: 3, hitRate: 0.75 },
      baseline: { hits: 1, hitRate: 0.25 },
      ratio: 3,
      strategies: { personalised: 2, popular: 2 },
      activeOnDay: {
        customers: 2,
        api: { hits: 1, hitRate: 0.5 },
        baseline: { hits: 1, hitRate: 0.5 },
      },
      notActiveOnDay: {
        customers: 2,
        api: { hits: 2, hitRate: 1 },
        baseline: { hits: 0, hitRate: 0 },
      },
      latencyMs: { p50: 20, p99: 40, max: 40 },
      answers: [
        { customer_id: 'A', strategy: 'personalised', product_ids: ['P9', 'P2'] },
        { customer_id: 'B', strategy: 'personalised', product_ids: ['P3'] },
        { customer_id: 'C', strategy: 'popular', product_ids: ['P8'] },
        { customer_id: 'D', strategy: 'popular', product_ids: ['P5'] },
      ],
    });
  });

  it('judges only the first `limit` products, and has no ratio when the baseline hit nothing', () => {
    const figures = recommendationFigures({
      planted: [planted('A', ['P3'])],
      asked: new Map([asked('A', ['P1', 'P2', 'P3'], 'popular')]),
      baseline: new Map([['A', ['P9', 'P8', 'P3']]]),
      activeOnDay: new Set(),
      limit: 2,
    });

    expect(figures).toMatchObject({
      limit: 2,
      api: { hits: 0, hitRate: 0 },
      baseline: { hits: 0, hitRate: 0 },
      ratio: null,
      activeOnDay: { customers: 0, api: { hits: 0, hitRate: null } },
    });
  });

  it('refuses a customer with a next order but no answer or no baseline list', () => {
    const input = {
      planted: [planted('A', ['P1']), planted('B', ['P2'])],
      asked: new Map([asked('A', ['P1'], 'popular')]),
      baseline: new Map([
        ['A', ['P1']],
        ['B', ['P2']],
      ]),
      activeOnDay: new Set<string>(),
    };

    expect(() => recommendationFigures(input)).toThrow(RecommendationFiguresError);
    expect(() => recommendationFigures(input)).toThrow(
      'customer B has a next order but no answer from the API',
    );
    expect(() =>
      recommendationFigures({
        ...input,
        asked: new Map([...input.asked, asked('B', ['P2'], 'popular')]),
        baseline: new Map([['A', ['P1']]]),
      }),
    ).toThrow('customer B has a next order but no baseline list');
  });
});
