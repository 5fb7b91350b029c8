import {
  KIND_WEIGHTS,
  OTHER_KIND_WEIGHT,
  collectSeeds,
  countryOf,
  justBought,
  liveActivity,
  type Profile,
} from '../../../../lambdas/recommend/seeds';
import {
  NOW,
  activity,
  daysAgo,
  hoursAgo,
  profile,
  purchase,
} from '../../../fixtures/recommendation-items';

const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

describe('liveActivity', () => {
  it('drops what TTL has expired but DynamoDB has not deleted yet, and what it cannot read', () => {
    const live = activity('C1', 'P1', 'view', hoursAgo(1));
    const expired = activity('C1', 'P2', 'view', hoursAgo(2), { expires_at: NOW_SECONDS });
    const noProduct = { ...activity('C1', 'P3', 'view', hoursAgo(3)), product_id: undefined };
    const badTime = { ...activity('C1', 'P4', 'view', hoursAgo(4)), at: 'yesterday' };

    expect(liveActivity([live, expired, noProduct, badTime], NOW_SECONDS)).toEqual([live]);
  });
});

describe('collectSeeds', () => {
  it('keeps one seed per product, its newest event, newest first, from activity and profile', () => {
    const seeds = collectSeeds(
      [
        activity('C1', 'P1', 'view', hoursAgo(1)),
        activity('C1', 'P2', 'add_to_cart', hoursAgo(5)),
        activity('C1', 'P1', 'add_to_cart', hoursAgo(30)),
      ],
      profile('C1', 'DE', [
        ['P3', daysAgo(3)],
        ['P1', daysAgo(10)],
      ]),
    );

    expect(seeds.map(({ productId, kind }) => [productId, kind])).toEqual([
      ['P1', 'view'],
      ['P2', 'add_to_cart'],
      ['P3', 'purchase'],
    ]);
  });

  it('weighs each seed by its kind and halves the weight with every place it is older', () => {
    const seeds = collectSeeds(
      [
        activity('C1', 'P1', 'view', hoursAgo(1)),
        activity('C1', 'P2', 'wishlist', hoursAgo(2)),
        purchase('C1', 'P3', hoursAgo(3)),
      ],
      undefined,
    );

    expect(seeds.map((seed) => seed.weight)).toEqual([
      KIND_WEIGHTS.view,
      OTHER_KIND_WEIGHT * 0.5,
      KIND_WEIGHTS.purchase! * 0.25,
    ]);
  });

  it.each(
    ['purchase', 'add_to_cart', 'view', 'wishlist'].flatMap((newest) =>
      ['purchase', 'add_to_cart', 'view', 'wishlist'].map((older) => [newest, older]),
    ),
  )('never lets a seed two places older outweigh the newest (%s, then %s)', (newest, older) => {
    const [first, , third] = collectSeeds(
      [
        activity('C1', 'P1', newest, hoursAgo(1)),
        activity('C1', 'P2', 'view', hoursAgo(2)),
        activity('C1', 'P3', older, hoursAgo(3)),
      ],
      undefined,
    );
    expect(first!.weight).toBeGreaterThan(third!.weight);
  });

  it('orders events of the same instant the same way whatever order they came in', () => {
    const at = hoursAgo(1);
    const events = [
      activity('C1', 'P2', 'view', at),
      purchase('C1', 'P9', at),
      activity('C1', 'P1', 'view', at),
    ];

    const forward = collectSeeds(events, undefined);
    const backward = collectSeeds([...events].reverse(), undefined);

    expect(forward).toEqual(backward);
    expect(forward.map((seed) => seed.productId)).toEqual(['P9', 'P1', 'P2']);
  });

  it('reads only the purchases of a profile it can read', () => {
    const malformed = { ...profile('C1', 'DE', []), recent_purchases: 'P1,P2' } as unknown;
    const mixed = {
      ...profile('C1', 'DE', [['P1', daysAgo(1)]]),
      recent_purchases: [null, { product_id: 'P2' }, { product_id: 'P1', at: daysAgo(1) }],
    } as unknown;

    expect(collectSeeds([], malformed as Profile)).toEqual([]);
    expect(collectSeeds([], mixed as Profile).map((seed) => seed.productId)).toEqual(['P1']);
  });
});

describe('justBought', () => {
  it('holds purchases within justBoughtDays from both sources, and nothing else', () => {
    const bought = justBought(
      [
        purchase('C1', 'P1', daysAgo(2)),
        purchase('C1', 'P2', daysAgo(31)),
        activity('C1', 'P3', 'view', hoursAgo(1)),
      ],
      profile('C1', 'DE', [
        ['P4', daysAgo(29)],
        ['P5', daysAgo(40)],
      ]),
      NOW,
      30,
    );

    expect([...bought].sort()).toEqual(['P1', 'P4']);
  });
});

describe('countryOf', () => {
  const withCountries = [
    activity('C1', 'P1', 'view', hoursAgo(1)),
    purchase('C1', 'P2', hoursAgo(2), 'FR'),
    purchase('C1', 'P3', hoursAgo(3), 'ES'),
  ];

  it("takes the profile's country first", () => {
    expect(countryOf(withCountries, profile('C1', 'DE', []))).toBe('DE');
  });

  it('else the newest activity item that has one', () => {
    expect(countryOf(withCountries, undefined)).toBe('FR');
  });

  it('else none', () => {
    expect(countryOf([activity('C1', 'P1', 'view', hoursAgo(1))], undefined)).toBeUndefined();
  });
});
