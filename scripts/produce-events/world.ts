/**
 * The simulated population, built once per run from the seed: subscribers with the devices and
 * home city they keep, shop customers, a content catalogue and a product catalogue, each with
 * the skewed popularity real services see (a few titles and products take most of the traffic),
 * and the products that go together (`affinities.ts`). Every generator reads the same world, so a
 * customer who browses is also one who buys.
 */
import { plantAffinities, type Affinities } from './affinities';
import { drawBehaviour, orderingToday, type CustomerBehaviour } from './customer-behaviour';
import { COUNTRIES, type Country } from './geography';
import type { Random } from './random';
import { shuffle, WeightedSampler, zipfWeights } from './random';

export const STREAMING_DEVICES = ['mobile', 'tablet', 'desktop', 'smart_tv', 'console'] as const;
export const SHOP_DEVICES = ['mobile', 'tablet', 'desktop'] as const;
export const CONTENT_TYPES = ['movie', 'series', 'documentary', 'live', 'music'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export interface Subscriber {
  readonly id: string;
  readonly country: Country;
  readonly city: string;
  /** The device used most; a second one, if any, is used now and then. */
  readonly devices: readonly [string, ...string[]];
}

export interface Customer {
  readonly id: string;
  readonly country: Country;
  readonly device: (typeof SHOP_DEVICES)[number];
  /** How the customer buys over time (planted: the answer key's, never read by the platform). */
  readonly behaviour: CustomerBehaviour;
}

export interface Title {
  readonly id: string;
  readonly type: ContentType;
}

export interface Product {
  readonly id: string;
  readonly slug: string;
  readonly category: string;
  /** List price in euros, cents included. */
  readonly priceEur: number;
}

export interface World {
  readonly subscribers: WeightedSampler<Subscriber>;
  /** Customers weighted by how likely they are to order or visit today. */
  readonly customers: WeightedSampler<Customer>;
  /** Every customer, in id order. */
  readonly customerList: readonly Customer[];
  readonly titles: WeightedSampler<Title>;
  readonly products: WeightedSampler<Product>;
  readonly productList: readonly Product[];
  /** Which products go together, and what sells where (planted: the answer key's). */
  readonly affinities: Affinities<Product>;
}

/** Sizes of the population: large enough for skew to show, small enough to build instantly. */
export const WORLD_SIZE = { subscribers: 5000, customers: 2000, titles: 800, products: 600 };

const DEVICE_SHARE: Record<(typeof STREAMING_DEVICES)[number], number> = {
  mobile: 38,
  smart_tv: 27,
  desktop: 15,
  tablet: 12,
  console: 8,
};
const CONTENT_TYPE_SHARE: Record<ContentType, number> = {
  series: 40,
  movie: 30,
  documentary: 12,
  music: 12,
  live: 6,
};
/** Median list price per category, in euros. */
const CATEGORY_MEDIAN_EUR: Record<string, number> = {
  electronics: 89,
  books: 14,
  home_kitchen: 32,
  fashion: 39,
  beauty: 18,
  toys: 24,
  sports: 45,
  grocery: 6,
};
const PRODUCT_WORDS = [
  'classic',
  'compact',
  'deluxe',
  'eco',
  'essential',
  'lite',
  'max',
  'mini',
  'pro',
  'smart',
  'travel',
  'ultra',
  'urban',
  'vintage',
  'wireless',
];

export function buildWorld(random: Random): World {
  const countrySampler = new WeightedSampler(
    COUNTRIES,
    COUNTRIES.map((country) => country.share),
  );
  const cityOf = (country: Country) =>
    new WeightedSampler(country.cities, zipfWeights(country.cities.length, 1)).draw(random);
  const deviceSampler = new WeightedSampler(
    STREAMING_DEVICES,
    STREAMING_DEVICES.map((device) => DEVICE_SHARE[device]),
  );
  // Activity per person is log-normal: most watch a little, a few watch all evening.
  const activity = () => random.logNormal(1, 1);

  const subscribers = Array.from({ length: WORLD_SIZE.subscribers }, (_, index) => {
    const country = countrySampler.draw(random);
    const primary = deviceSampler.draw(random);
    const secondary = random.chance(0.35) ? deviceSampler.draw(random) : undefined;
    const devices: [string, ...string[]] =
      secondary && secondary !== primary ? [primary, secondary] : [primary];
    return { id: `U${pad(index + 1, 7)}`, country, city: cityOf(country), devices };
  });

  // Behaviours come from their own stream: the draws of everything else stay as they were.
  const behaviours = random.fork('customer-behaviours');
  const customers = Array.from({ length: WORLD_SIZE.customers }, (_, index) => ({
    id: `C${pad(index + 1, 7)}`,
    country: countrySampler.draw(random),
    device: random.weighted(SHOP_DEVICES, (device) =>
      device === 'mobile' ? 55 : device === 'desktop' ? 35 : 10,
    ),
    behaviour: drawBehaviour(behaviours),
  }));

  const titles = Array.from({ length: WORLD_SIZE.titles }, (_, index) => ({
    id: `T${pad(index + 1, 6)}`,
    type: random.weighted(CONTENT_TYPES, (type) => CONTENT_TYPE_SHARE[type]),
  }));

  const categories = Object.keys(CATEGORY_MEDIAN_EUR);
  const products = Array.from({ length: WORLD_SIZE.products }, (_, index) => {
    const category = random.pick(categories);
    const median = CATEGORY_MEDIAN_EUR[category] ?? 20;
    // Shop prices end in .99 or .49 more often than not.
    const whole = Math.max(1, Math.round(random.logNormal(median, 0.6)));
    const cents = random.weighted([99, 49, 0, 95], (c) => (c === 99 ? 6 : c === 49 ? 2 : 1));
    const priceEur = cents === 0 ? whole : whole - 1 + cents / 100;
    const slug = `${random.pick(PRODUCT_WORDS)}-${category.replace('_', '-')}-${index + 1}`;
    return { id: `P${pad(index + 1, 6)}`, slug, category, priceEur: Math.max(0.49, priceEur) };
  });

  // In this order: each draws from `random`, and every record depends on where they leave it.
  const subscriberSampler = new WeightedSampler(subscribers, subscribers.map(activity));
  // Some shop more than others, and only while their behaviour says they still shop.
  const customerSampler = new WeightedSampler(
    customers,
    customers.map((customer) => activity() * orderingToday(customer.behaviour)),
  );
  const titleSampler = new WeightedSampler(
    shuffle(titles, random),
    zipfWeights(titles.length, 1.1),
  );
  // Popularity is Zipf over a shuffled order, so the hits are not simply the lowest ids.
  const ranked = shuffle(products, random);
  const popularity = zipfWeights(products.length, 1);
  return {
    subscribers: subscriberSampler,
    customers: customerSampler,
    customerList: customers,
    titles: titleSampler,
    products: new WeightedSampler(ranked, popularity),
    productList: products,
    // A stream of its own, like the behaviours: planting it shifts no other draw.
    affinities: plantAffinities(
      ranked,
      popularity,
      COUNTRIES.map((country) => country.code),
      random.fork('product-affinities'),
    ),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
