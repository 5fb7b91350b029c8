/**
 * The planted affinities of the world's catalogue, and the live streams following them: a run's
 * purchases follow the customer's last order, and the products of a visit one another, about as
 * often as planted.
 */
import { loadPlatform } from '../../../../infra/platform';
import {
  AFFINITY_PLANT,
  nextProduct,
  plantAffinities,
  plantedBasket,
} from '../../../../scripts/produce-events/affinities';
import { createEventSource, resolveTopics } from '../../../../scripts/produce-events/event-source';
import { Random } from '../../../../scripts/produce-events/random';
import { buildWorld } from '../../../../scripts/produce-events/world';

const platform = loadPlatform('dev');
const SEED = 1;
/** The world `createEventSource` builds for the seed. */
const world = buildWorld(new Random(SEED).fork('world'));
const byId = new Map(world.productList.map((product) => [product.id, product]));
const companionIds = (id: string) =>
  new Set(world.affinities.companionsOf(byId.get(id)!).map((product) => product.id));

type Row = Record<string, string | number | null>;
function produce(topic: string, count: number): Row[] {
  const source = createEventSource(resolveTopics(platform, [topic]), SEED);
  return Array.from(
    { length: count },
    (_, index) => JSON.parse(source.next(new Date(Date.UTC(2024, 4, 6, 20) + index)).value) as Row,
  );
}

/** Share of `[before, after]` pairs in which `after` holds a companion of something in `before`. */
function followingShare(
  pairs: readonly (readonly [readonly string[], readonly string[]])[],
): number {
  const following = pairs.filter(([before, after]) => {
    const mates = new Set(before.flatMap((id) => [...companionIds(id)]));
    return after.some((id) => mates.has(id));
  });
  return following.length / pairs.length;
}

describe('the planted affinities', () => {
  it('cuts the catalogue into bundles of three to five, each product in one, by the seed', () => {
    const { bundles } = world.affinities;
    expect(
      bundles
        .flat()
        .map((product) => product.id)
        .sort(),
    ).toEqual(world.productList.map((product) => product.id).sort());
    for (const bundle of bundles) {
      expect(bundle.length).toBeGreaterThanOrEqual(AFFINITY_PLANT.bundleSize.min);
      expect(bundle.length).toBeLessThanOrEqual(AFFINITY_PLANT.bundleSize.max);
      for (const product of bundle)
        expect(world.affinities.companionsOf(product)).toEqual(
          bundle.filter((other) => other !== product),
        );
    }
    const again = buildWorld(new Random(SEED).fork('world')).affinities.bundles;
    expect(again.map((bundle) => bundle.map((product) => product.id))).toEqual(
      bundles.map((bundle) => bundle.map((product) => product.id)),
    );
  });

  it('gives each country a taste of its own around the catalogue’s popularity', () => {
    const ranked = Array.from({ length: 50 }, (_, index) => index);
    const plant = plantAffinities(
      ranked,
      ranked.map((index) => 1 / (index + 1)),
      ['FR', 'DE'],
      new Random(3),
    );
    const random = new Random(4);
    const favourite = (country: string) => {
      const counts = new Map<number, number>();
      for (let draw = 0; draw < 2000; draw += 1) {
        const product = plant.popularIn(country).draw(random);
        counts.set(product, (counts.get(product) ?? 0) + 1);
      }
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([product]) => product);
    };
    expect(favourite('FR')).not.toEqual(favourite('DE'));
    expect(() => plant.popularIn('XX')).toThrow(RangeError);
  });

  it('never offers an excluded product, a rejected one, or one twice in a basket', () => {
    const random = new Random(9);
    const expensive = (product: (typeof world.productList)[number]) => product.priceEur >= 60;
    for (let order = 0; order < 200; order += 1) {
      const recent = [world.products.draw(random)];
      const popular = [world.products.draw(random), world.products.draw(random)];
      const basket = plantedBasket(world.affinities, random, popular, {
        recent,
        country: 'FR',
        accept: expensive,
      });
      expect(basket).toHaveLength(2);
      expect(new Set(basket).size).toBe(2);
      expect(basket.every(expensive)).toBe(true);
      expect(basket.some((product) => recent.includes(product))).toBe(false);
    }
    // An anonymous visitor with nothing to follow gets the popularity draw itself.
    const popular = world.productList[0]!;
    expect(
      nextProduct(world.affinities, random, {
        popular,
        recent: [],
        excluded: new Set(),
        country: null,
      }),
    ).toBe(popular);
  });
});

describe('a live run', () => {
  it('makes a customer’s purchases follow the companions of their last order', () => {
    const orders = new Map<string, Map<string, string[]>>();
    for (const line of produce('purchases', 15_000)) {
      const customer = orders.get(String(line.customer_id)) ?? new Map<string, string[]>();
      const order = customer.get(String(line.order_id)) ?? [];
      order.push(String(line.product_id));
      customer.set(String(line.order_id), order);
      orders.set(String(line.customer_id), customer);
    }
    const pairs = [...orders.values()].flatMap((customer) => {
      const list = [...customer.values()];
      return list.slice(1).map((order, index) => [list[index]!, order] as const);
    });
    expect(pairs.length).toBeGreaterThan(3000);
    const share = followingShare(pairs);
    expect(share).toBeGreaterThan(AFFINITY_PLANT.followsCompanion - 0.05);
    expect(share).toBeLessThan(AFFINITY_PLANT.followsCompanion + 0.15);
  });

  it('makes each product viewed in a visit follow the companions of the one before', () => {
    const sessions = new Map<string, string[]>();
    for (const step of produce('interactions', 15_000))
      if (step.interaction_type === 'view' && step.product_id !== null)
        sessions.set(String(step.session_id), [
          ...(sessions.get(String(step.session_id)) ?? []),
          String(step.product_id),
        ]);
    const pairs = [...sessions.values()].flatMap((views) =>
      views.slice(1).map((view, index) => [[views[index]!], [view]] as const),
    );
    expect(pairs.length).toBeGreaterThan(3000);
    // Below the planted rate: a chain that has seen its bundle's every product turns to popularity.
    const share = followingShare(pairs);
    expect(share).toBeGreaterThan(AFFINITY_PLANT.followsCompanion - 0.15);
    expect(share).toBeLessThan(AFFINITY_PLANT.followsCompanion + 0.05);
  });
});
