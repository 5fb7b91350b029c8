/**
 * Purchases, one record per order line: an order has a few lines (usually one), all paid at the
 * same moment, in the buyer's currency, with prices as decimal strings (`"19.99"`) so no float
 * rounding reaches `decimal(12,2)`. Keyed by customer, so one customer's orders, and every line
 * of an order, stay in order on one partition.
 */
import { plantedBasket } from '../affinities';
import { UNITS_PER_EURO } from '../geography';
import type { Random } from '../random';
import type { Customer, Product, World } from '../world';
import type { DatasetGenerator, GeneratedRecord } from './types';

/** Lines of an order waiting to be sent, all sharing the order's id, buyer and time. */
export interface PendingLine {
  readonly orderId: string;
  readonly customer: Customer;
  readonly product: Product;
  readonly quantity: number;
  readonly paidAt: string;
}

/** `priceEur` in `currency`, as a string with exactly two decimals; computed in whole cents. */
export function localPrice(priceEur: number, currency: string): string {
  const rate = UNITS_PER_EURO[currency];
  if (rate === undefined) throw new RangeError(`no exchange rate for ${currency}`);
  const cents = Math.round(priceEur * rate * 100);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A big basket holds products from this list price (euros) up: the premium end of the shop. */
export const BIG_BASKET_MIN_PRICE_EUR = 60;

/** How the products of an order are chosen among the catalogue's planted affinities. */
export interface BasketChoice {
  /** The product choice's own stream. */
  readonly random: Random;
  /** The customer's last order: its companions may come next, its products do not. */
  readonly recent: readonly Product[];
}

/**
 * The lines of one order by `customer`, paid at `paidAt`: usually one product, a few now and
 * then; a big spender's basket holds several expensive ones. The shared stream draws the basket
 * by the catalogue's popularity, as it always has; with `choice`, the planted affinities then
 * decide which products fill it (`plantedBasket`), from a stream of their own, so every other
 * draw of the shared stream stays where it was.
 */
export function orderLines(
  world: World,
  random: Random,
  customer: Customer,
  paidAt: Date,
  choice?: BasketChoice,
): PendingLine[] {
  const orderId = random.uuid();
  const big = customer.behaviour.bigBaskets;
  const accept = (product: Product) => !big || product.priceEur >= BIG_BASKET_MIN_PRICE_EUR;
  const lines = big ? 1 + Math.min(5, random.geometric(0.5)) : Math.min(6, random.geometric(0.6));
  const chosen = new Set<Product>();
  for (let attempt = 0; chosen.size < lines && attempt < lines * 50; attempt += 1) {
    const product = world.products.draw(random);
    if (accept(product)) chosen.add(product);
  }
  const products =
    choice === undefined
      ? [...chosen]
      : plantedBasket(world.affinities, choice.random, [...chosen], {
          recent: choice.recent,
          country: customer.country.code,
          accept,
        });
  return products.map((product) => ({
    orderId,
    customer,
    product,
    quantity: random.chance(big ? 0.6 : 0.85) ? 1 : random.int(2, 4),
    paidAt: paidAt.toISOString(),
  }));
}

/** One order line as the purchases topic carries it. */
export function transactionRecord(random: Random, line: PendingLine): GeneratedRecord {
  return {
    transaction_id: random.uuid(),
    order_id: line.orderId,
    customer_id: line.customer.id,
    product_id: line.product.id,
    product_category: line.product.category,
    quantity: line.quantity,
    unit_price: localPrice(line.product.priceEur, line.customer.country.currency),
    currency: line.customer.country.currency,
    transaction_time: line.paidAt,
    country: line.customer.country.code,
  };
}

export const transactions: DatasetGenerator = {
  trafficShare: 1,
  create: (world: World, random: Random) => {
    const pending: PendingLine[] = [];
    // Each customer's last order, for the next one to follow; the topic's own memory, so its
    // records are the same whichever other topics run.
    const lastOrders = new Map<string, readonly Product[]>();
    const products = random.fork('products');
    return {
      next(now: Date): GeneratedRecord {
        if (pending.length === 0) {
          const customer = world.customers.draw(random);
          const lines = orderLines(world, random, customer, now, {
            random: products,
            recent: lastOrders.get(customer.id) ?? [],
          });
          lastOrders.set(
            customer.id,
            lines.map((line) => line.product),
          );
          pending.push(...lines);
        }
        return transactionRecord(random, pending.shift()!);
      },
    };
  },
};
