import {
  blendRecommendations,
  type BlendInputs,
  type PopularProduct,
  type RelatedProduct,
} from '../../../../lambdas/recommend/blend';
import { collectSeeds, type Seed } from '../../../../lambdas/recommend/seeds';
import { activity, hoursAgo, purchase } from '../../../fixtures/recommendation-items';

const relatedList = (...pairs: [string, number][]): RelatedProduct[] =>
  pairs.map(([product_id, score]) => ({ product_id, score }));
const popularList = (...pairs: [string, number][]): PopularProduct[] =>
  pairs.map(([product_id, buyers]) => ({ product_id, buyers }));

/** Seeds from views of `products`, the first the newest. */
function viewed(...products: string[]): Seed[] {
  return collectSeeds(
    products.map((product, index) => activity('C1', product, 'view', hoursAgo(index + 1))),
    undefined,
  );
}

function blend(overrides: Partial<BlendInputs>) {
  return blendRecommendations({
    seeds: [],
    related: new Map(),
    popular: [],
    justBought: new Set(),
    limit: 10,
    ...overrides,
  });
}

const ids = (result: ReturnType<typeof blend>) =>
  result.recommendations.map((recommendation) => recommendation.product_id);

describe('blendRecommendations', () => {
  it('ranks what is related to the newest activity first, even against a better older match', () => {
    // V (view, newest): 0.7 × 0.5 = 0.35 for A; P (purchase, one place older): 0.5 × 0.6 = 0.30 for B.
    const seeds = collectSeeds(
      [activity('C1', 'V', 'view', hoursAgo(1)), purchase('C1', 'P', hoursAgo(48))],
      undefined,
    );

    const result = blend({
      seeds,
      related: new Map([
        ['V', relatedList(['A', 0.5])],
        ['P', relatedList(['B', 0.6])],
      ]),
    });

    expect(result.recommendations).toEqual([
      { product_id: 'A', rank: 1, score: 0.35, reason: 'related', because_of: 'V' },
      { product_id: 'B', rank: 2, score: 0.3, reason: 'related', because_of: 'P' },
    ]);
    expect(result.strategy).toBe('personalised');
  });

  it('adds up what several seeds give a product and names the one that gave most', () => {
    const seeds = viewed('S1', 'S2');

    const result = blend({
      seeds,
      related: new Map([
        ['S1', relatedList(['X', 0.2], ['Y', 0.5])],
        ['S2', relatedList(['X', 0.8])],
      ]),
    });

    // X: 0.7 × 0.2 + 0.35 × 0.8 = 0.42, mostly from S2; Y: 0.7 × 0.5 = 0.35.
    expect(result.recommendations.slice(0, 2)).toEqual([
      { product_id: 'X', rank: 1, score: 0.42, reason: 'related', because_of: 'S2' },
      { product_id: 'Y', rank: 2, score: 0.35, reason: 'related', because_of: 'S1' },
    ]);
  });

  it('never recommends what was just bought, neither related nor popular', () => {
    const result = blend({
      seeds: viewed('S1'),
      related: new Map([['S1', relatedList(['BOUGHT', 0.9], ['A', 0.1])]]),
      popular: [popularList(['BOUGHT', 100], ['B', 50])],
      justBought: new Set(['BOUGHT']),
    });

    expect(ids(result)).toEqual(['A', 'B']);
  });

  it("fills with the country's best sellers, then everywhere's, skipping what is already in", () => {
    const result = blend({
      seeds: viewed('S1'),
      related: new Map([['S1', relatedList(['A', 0.4])]]),
      popular: [
        popularList(['C', 40], ['A', 30], ['D', 10]),
        popularList(['D', 900], ['E', 450], ['C', 300]),
      ],
      limit: 5,
    });

    expect(result.recommendations).toEqual([
      { product_id: 'A', rank: 1, score: 0.28, reason: 'related', because_of: 'S1' },
      { product_id: 'C', rank: 2, score: 1, reason: 'popular' },
      { product_id: 'D', rank: 3, score: 0.25, reason: 'popular' },
      { product_id: 'E', rank: 4, score: 0.5, reason: 'popular' },
    ]);
  });

  it('answers no more than the limit, the best related first', () => {
    const result = blend({
      seeds: viewed('S1'),
      related: new Map([['S1', relatedList(['A', 0.9], ['B', 0.8], ['C', 0.7])]]),
      popular: [popularList(['D', 10])],
      limit: 2,
    });

    expect(ids(result)).toEqual(['A', 'B']);
  });

  it('is popular only, ranked 1..n, when nothing is related', () => {
    const result = blend({ popular: [popularList(['A', 3], ['B', 2])], limit: 10 });

    expect(result).toEqual({
      strategy: 'popular',
      recommendations: [
        { product_id: 'A', rank: 1, score: 1, reason: 'popular' },
        { product_id: 'B', rank: 2, score: 0.6667, reason: 'popular' },
      ],
    });
  });

  it('breaks ties by product id, and a because_of tie in favour of the newer seed', () => {
    // Both seeds are views one place apart: S2 gives 0.35 × 0.4 = 0.14 = S1's 0.7 × 0.2.
    const inputs = {
      seeds: viewed('S1', 'S2'),
      related: new Map([
        ['S1', relatedList(['Z', 0.2], ['M', 0.5], ['B', 0.5])],
        ['S2', relatedList(['Z', 0.4])],
      ]),
    };

    const result = blend(inputs);

    expect(ids(result)).toEqual(['B', 'M', 'Z']);
    expect(result.recommendations[2]).toMatchObject({ product_id: 'Z', because_of: 'S1' });
    expect(blend(inputs)).toEqual(result);
  });

  it('ignores entries it cannot read instead of failing', () => {
    const result = blend({
      seeds: viewed('S1'),
      related: new Map([
        [
          'S1',
          [
            { product_id: '', score: 0.9 },
            { product_id: 'NAN', score: Number.NaN },
            { product_id: 'NEG', score: -1 },
            { product_id: 'A', score: 0.1 },
          ],
        ],
      ]),
      popular: [[{ product_id: 'B', buyers: Number.NaN }, ...popularList(['C', 4])]],
    });

    expect(result.recommendations).toEqual([
      { product_id: 'A', rank: 1, score: 0.07, reason: 'related', because_of: 'S1' },
      { product_id: 'B', rank: 2, score: 0, reason: 'popular' },
      { product_id: 'C', rank: 3, score: 1, reason: 'popular' },
    ]);
  });
});
