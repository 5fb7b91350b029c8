/**
 * Shop interactions: a visit is a small journey (land on a page, search, look at products, put
 * one in the cart or the wishlist), written one step per record. Many visits are anonymous:
 * the customer id is then null, which is why these records are keyed by session.
 */
import { plantedVisit } from '../affinities';
import type { Random } from '../random';
import type { Customer, Product, World } from '../world';
import { SessionPool } from './sessions';
import { categoryPath, productPath, searchPath, SHOP_ORIGIN } from './shop-pages';
import type { DatasetGenerator, GeneratedRecord } from './types';

export interface Step {
  readonly type: 'view' | 'search' | 'add_to_cart' | 'wishlist' | 'remove_from_cart';
  readonly path: string;
  readonly product: Product | null;
}

interface Visit {
  readonly customer: Customer | null;
  readonly device: string;
  readonly steps: readonly Step[];
  next: number;
}

/** Share of visits by shoppers who are not signed in. */
const ANONYMOUS_SHARE = 0.35;

/**
 * A visit's steps: land, maybe search and look around, maybe put something aside. Each product
 * is drawn by the catalogue's popularity from `random`, then handed to `pick`, which may put
 * another in its place (the planted affinities: `plantedVisit`) without drawing from `random`.
 */
export function planJourney(
  world: World,
  random: Random,
  pick: (popular: Product) => Product = (popular) => popular,
): Step[] {
  const steps: Step[] = [];
  const view = (product: Product): Step => ({ type: 'view', path: productPath(product), product });
  const landing = random.weighted(['home', 'category', 'product'] as const, (page) =>
    page === 'product' ? 4 : page === 'home' ? 3 : 2,
  );
  const first = pick(world.products.draw(random));
  if (landing === 'home') steps.push({ type: 'view', path: '/', product: null });
  if (landing === 'category')
    steps.push({ type: 'view', path: categoryPath(first.category), product: null });
  if (landing === 'product') steps.push(view(first));

  const searches = random.chance(0.7) ? random.geometric(0.6) : 0;
  let last = first;
  for (let search = 0; search < searches; search += 1) {
    steps.push({ type: 'search', path: searchPath(random), product: null });
    const views = random.geometric(0.45);
    for (let index = 0; index < views; index += 1) {
      last = pick(world.products.draw(random));
      steps.push(view(last));
    }
  }
  const cartPath = productPath(last);
  const decides = random.chance(0.35) ? 'cart' : random.chance(0.1) ? 'wishlist' : 'leave';
  // Nobody adds a product they have not opened: a visit that only saw the home or a category
  // page looks at the product first.
  if (decides !== 'leave' && !steps.some((step) => step.product === last)) steps.push(view(last));
  if (decides === 'cart') {
    steps.push({ type: 'add_to_cart', path: cartPath, product: last });
    if (random.chance(0.1)) steps.push({ type: 'remove_from_cart', path: '/cart', product: last });
  } else if (decides === 'wishlist') {
    steps.push({ type: 'wishlist', path: cartPath, product: last });
  }
  return steps;
}

/**
 * The steps of a visit that ends in an order: the first product looked at, then each product
 * put in the cart (the others were opened from the cart's suggestions, which log no view).
 */
export function buyingJourney(products: readonly Product[]): Step[] {
  const [first] = products;
  if (first === undefined) return [];
  return [
    { type: 'view', path: productPath(first), product: first },
    ...products.map((product): Step => ({
      type: 'add_to_cart',
      path: productPath(product),
      product,
    })),
  ];
}

/** One step of a visit as the interactions topic carries it. */
export function interactionRecord(
  random: Random,
  visit: {
    readonly customer: Customer | null;
    readonly device: string;
    readonly sessionId: string;
  },
  step: Step,
  at: Date,
): GeneratedRecord {
  return {
    interaction_id: random.uuid(),
    customer_id: visit.customer?.id ?? null,
    session_id: visit.sessionId,
    interaction_type: step.type,
    page_url: `${SHOP_ORIGIN}${step.path}`,
    product_id: step.product?.id ?? null,
    device: visit.device,
    interaction_time: at.toISOString(),
  };
}

/**
 * Visits interleaved as concurrent shoppers make them, a share of them signed in. `signedIn`
 * is the share of visits by a customer of the world. @default 1 - ANONYMOUS_SHARE
 */
export function visitGenerator(
  world: World,
  random: Random,
  signedIn = 1 - ANONYMOUS_SHARE,
): { next(now: Date): GeneratedRecord } {
  // The products a signed-in customer looked at in their last visit, for the next to follow: the
  // topic's own memory, so its records are the same whichever other topics run.
  const lastVisits = new Map<string, readonly Product[]>();
  const products = random.fork('products');
  const visits = new SessionPool<Visit>(random, {
    maxOpen: 150,
    openChance: 0.25,
    open: () => {
      const customer = random.chance(1 - signedIn) ? null : world.customers.draw(random);
      const device =
        customer?.device ??
        random.weighted(['mobile', 'desktop', 'tablet'], (d) =>
          d === 'mobile' ? 6 : d === 'desktop' ? 3 : 1,
        );
      const planted = plantedVisit(world.affinities, products, {
        recent: (customer && lastVisits.get(customer.id)) ?? [],
        country: customer?.country.code ?? null,
      });
      const steps = planJourney(world, random, planted.pick);
      if (customer !== null) lastVisits.set(customer.id, [...planted.picked].reverse());
      return { state: { customer, device, steps, next: 0 }, events: steps.length };
    },
  });
  return {
    next(now: Date): GeneratedRecord {
      const { session } = visits.draw();
      const visit = session.state;
      const step = visit.steps[Math.min(visit.next, visit.steps.length - 1)]!;
      visit.next += 1;
      return interactionRecord(random, { ...visit, sessionId: session.id }, step, now);
    },
  };
}

export const interactions: DatasetGenerator = {
  trafficShare: 3,
  create: (world: World, random: Random) => visitGenerator(world, random),
};
