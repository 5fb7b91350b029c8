/**
 * Purchases, one record per order line: an order has a few lines (usually one), all paid at the
 * same moment, in the buyer's currency, with prices as decimal strings (`"19.99"`) so no float
 * rounding reaches `decimal(12,2)`. Keyed by customer, so one customer's orders, and every line
 * of an order, stay in order on one partition.
 */
import { UNITS_PER_EURO } from '../geography';
import type { Random } from '../random';
import type { Customer, Product, World } from '../world';
import type { DatasetGenerator, GeneratedRecord } from './types';

/** Lines of an order waiting to be sent, all sharing the order's id, buyer and time. */
interface PendingLine {
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

export const transactions: DatasetGenerator = {
  keyColumn: 'customer_id',
  trafficShare: 1,
  create: (world: World, random: Random) => {
    const pending: PendingLine[] = [];

    const placeOrder = (now: Date) => {
      const customer = world.customers.draw(random);
      const orderId = random.uuid();
      const lines = Math.min(6, random.geometric(0.6));
      const chosen = new Set<Product>();
      while (chosen.size < lines) chosen.add(world.products.draw(random));
      for (const product of chosen) {
        const quantity = random.chance(0.85) ? 1 : random.int(2, 4);
        pending.push({ orderId, customer, product, quantity, paidAt: now.toISOString() });
      }
    };

    return {
      next(now: Date): GeneratedRecord {
        if (pending.length === 0) placeOrder(now);
        const line = pending.shift()!;
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
      },
    };
  },
};
