/**
 * Which products go together: the planted structure behind what a shopper looks at and buys
 * next, which the answer key records and no query or model reads. The catalogue is cut into
 * bundles of three to five products (a camera, its lens, a bag, a memory card): the companions
 * of a product are the other products of its bundle. A shopper's next product is, with a planted
 * probability, a companion of what they bought or looked at last, and otherwise what sells in
 * their country (the catalogue's popularity, each country with a taste of its own): a popularity
 * baseline means something, and the companions beat it.
 *
 * Generic over the product type so that the world, which holds the catalogue, can build it
 * without this module importing the world.
 */
import { shuffle, WeightedSampler, type Random } from './random';

/** The planted parameters (the answer key records `followsCompanion` with the companions). */
export const AFFINITY_PLANT = {
  /** Products per bundle: each product has `size − 1` companions. */
  bundleSize: { min: 3, max: 5 },
  /** Chance that the next product is a companion of what the shopper bought or viewed last. */
  followsCompanion: 0.6,
  /**
   * A customer's own choice follows the catalogue's popularity to this power: less drawn to the
   * hits than the anonymous traffic (Zipf exponent 1), whose top ten products take 42 % of its
   * draws; so the most popular products are a baseline a recommender can beat.
   */
  popularityDamping: 0.5,
  /** Spread (log-normal sigma) of a country's taste around that popularity. */
  countryTaste: 1,
} as const;

/** Draws by country popularity before the fallback scans the catalogue for a product to accept. */
const POPULAR_ATTEMPTS = 50;

export interface Affinities<P> {
  /** The bundles the catalogue is cut into; every product is in exactly one. */
  readonly bundles: readonly (readonly P[])[];
  /** The other products of `product`'s bundle. */
  companionsOf(product: P): readonly P[];
  /** The catalogue weighted by what sells in `country` (ISO 3166-1 code), or everywhere (null). */
  popularIn(country: string | null): WeightedSampler<P>;
  /** The catalogue from the most popular product to the least, across countries. */
  readonly ranked: readonly P[];
}

/**
 * Cuts the catalogue into bundles and gives each country its taste: the catalogue's popularity
 * (`popularity[i]` for `ranked[i]`), damped, times a log-normal factor per country and product.
 */
export function plantAffinities<P>(
  ranked: readonly P[],
  popularity: readonly number[],
  countries: readonly string[],
  random: Random,
): Affinities<P> {
  const shuffled = shuffle(ranked, random);
  const { min, max } = AFFINITY_PLANT.bundleSize;
  const bundles: P[][] = [];
  for (let start = 0; start < shuffled.length;) {
    let size = random.int(min, max);
    // The last bundles are never left smaller than the smallest size.
    const left = shuffled.length - start;
    if (left - size < min) size = left <= max ? left : left - min;
    bundles.push(shuffled.slice(start, start + size));
    start += size;
  }
  const bundleOf = new Map<P, readonly P[]>();
  for (const bundle of bundles) for (const product of bundle) bundleOf.set(product, bundle);
  const tastes = new Map(
    countries.map((country) => [
      country,
      new WeightedSampler(
        ranked,
        popularity.map((weight) =>
          random.logNormal(weight ** AFFINITY_PLANT.popularityDamping, AFFINITY_PLANT.countryTaste),
        ),
      ),
    ]),
  );
  const everywhere = new WeightedSampler(ranked, popularity);
  return {
    bundles,
    ranked,
    companionsOf: (product) => (bundleOf.get(product) ?? []).filter((other) => other !== product),
    popularIn: (country) => {
      const sampler = country === null ? everywhere : tastes.get(country);
      if (sampler === undefined) throw new RangeError(`no taste planted for country ${country}`);
      return sampler;
    },
  };
}

/** What decides a shopper's next product. */
export interface NextProduct<P> {
  /** The draw by the catalogue's popularity that the shared stream made, as it always has. */
  readonly popular: P;
  /** What the shopper bought or looked at last, newest first: whose companions may come next. */
  readonly recent: readonly P[];
  /** Products not to offer (already in the basket or the visit, or just bought). */
  readonly excluded: ReadonlySet<P>;
  /** The shopper's country; null for an anonymous visitor, who otherwise gets `popular`. */
  readonly country: string | null;
  /** A condition the product must meet (a big spender's basket is expensive). */
  readonly accept?: (product: P) => boolean;
}

/**
 * The shopper's next product: with probability `followsCompanion` one of the companions of
 * `recent` (uniformly), otherwise one drawn by the popularity of the shopper's country. Only
 * `random` (a stream of the product choice's own) is drawn from.
 */
export function nextProduct<P>(affinities: Affinities<P>, random: Random, next: NextProduct<P>): P {
  const acceptable = (product: P) =>
    !next.excluded.has(product) && (next.accept?.(product) ?? true);
  if (next.recent.length > 0 && random.chance(AFFINITY_PLANT.followsCompanion)) {
    const companions = [
      ...new Set(next.recent.flatMap((product) => affinities.companionsOf(product))),
    ].filter(acceptable);
    if (companions.length > 0) return random.pick(companions);
  }
  if (next.country === null && acceptable(next.popular)) return next.popular;
  const sampler = affinities.popularIn(next.country);
  for (let attempt = 0; attempt < POPULAR_ATTEMPTS; attempt += 1) {
    const product = sampler.draw(random);
    if (acceptable(product)) return product;
  }
  return affinities.ranked.find(acceptable) ?? next.popular;
}

/**
 * The products of an order of `popular.length` lines (the shared stream's popularity draws,
 * which fix the size): each line a companion of the basket so far or of the last order (`recent`)
 * with the planted probability, never a product of the basket or of the last order.
 */
export function plantedBasket<P>(
  affinities: Affinities<P>,
  random: Random,
  popular: readonly P[],
  shopper: { readonly recent: readonly P[]; readonly country: string; accept?: (p: P) => boolean },
): P[] {
  const basket: P[] = [];
  for (const draw of popular)
    basket.push(
      nextProduct(affinities, random, {
        popular: draw,
        recent: [...basket].reverse().concat(shopper.recent),
        excluded: new Set([...basket, ...shopper.recent]),
        country: shopper.country,
        ...(shopper.accept && { accept: shopper.accept }),
      }),
    );
  return basket;
}

/**
 * Picks the products of one visit, in the order it looks at them: the first follows `recent`
 * (what the shopper bought or viewed before the visit), each next one the product looked at just
 * before it. `picked` holds them, for a caller that remembers the visit.
 */
export function plantedVisit<P>(
  affinities: Affinities<P>,
  random: Random,
  shopper: { readonly recent: readonly P[]; readonly country: string | null },
): { readonly pick: (popular: P) => P; readonly picked: readonly P[] } {
  const picked: P[] = [];
  return {
    picked,
    pick: (popular) => {
      const product = nextProduct(affinities, random, {
        popular,
        recent: picked.length > 0 ? [picked.at(-1)!] : shopper.recent,
        excluded: new Set(picked),
        country: shopper.country,
      });
      picked.push(product);
      return product;
    },
  };
}
