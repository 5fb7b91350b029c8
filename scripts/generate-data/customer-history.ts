/**
 * The shop's customers over time: every customer of the world orders on the days their planted
 * behaviour says (`customer-behaviour.ts`), with the visits that lead to an order and visits
 * that end without one, from `historyDays` before the generated day up to the end of it. The
 * same plan runs 30 days past the day without writing anything, which is how the answer key
 * knows who will order again (the truth a churn model is judged against) and what each customer
 * buys first after the day (the truth recommendations are judged against).
 */
import { plantedVisit } from '../produce-events/affinities';
import { orderDays, type CustomerBehaviourKind } from '../produce-events/customer-behaviour';
import {
  buyingJourney,
  interactionRecord,
  planJourney,
  type Step,
} from '../produce-events/generators/interactions';
import { orderLines, transactionRecord } from '../produce-events/generators/transactions';
import type { GeneratedRecord } from '../produce-events/generators';
import { WeightedSampler, type Random } from '../produce-events/random';
import type { Customer, Product, World } from '../produce-events/world';
import { MINUTE_MS, minuteWeights } from './day-times';

/** Days of customer history before the generated day, unless told otherwise: about six months. */
export const DEFAULT_HISTORY_DAYS = 180;
/** The most history a run may ask for: three years, the age of the oldest accounts. */
export const MAX_HISTORY_DAYS = 3 * 365;
/** How far past the generated day the plan looks to say who orders again. */
export const PLANNED_DAYS_AFTER = 30;

const DAY_MS = 86_400_000;

/** What the answer key records of one customer: the plant, and the planned future. */
export interface PlantedCustomer {
  readonly customer_id: string;
  readonly behaviour: CustomerBehaviourKind;
  /** The day the account was opened (YYYY-MM-DD). */
  readonly signup_date: string;
  /** The day after which the customer orders no more, if the plan has one. */
  readonly stops_after?: string;
  /** Orders planned in the 30 days after the generated day (none are written). */
  readonly orders_in_next_30_days: number;
  /**
   * The customer's last order up to the end of the day, if any, held out of what the customer did
   * before its visit started (ISO 8601): a check of the plant, since its products follow the
   * companions of the order before it (`figures.affinities`). Being written, it is not what a
   * service is judged on: `next_order` is.
   */
  readonly last_order?: { readonly order_id: string; readonly visit_started_at: string };
  /**
   * The first order planned after the day (within the 30 planned days), never written: the next
   * purchase a recommendation service is judged on, which nothing the platform reads can leak.
   * Its products follow the same planted rule as every order, from the last order written.
   */
  readonly next_order?: NextOrder;
}

/** A planned order past the generated day: its day (YYYY-MM-DD) and products, in basket order. */
export interface NextOrder {
  readonly day: string;
  readonly product_ids: readonly string[];
}

/** A generated record and the instant it belongs to. */
export interface TimedRecord {
  readonly time: number;
  readonly raw: GeneratedRecord;
}

export interface CustomerActivity {
  /** Order lines from the first history day to the end of the generated day, in time order. */
  readonly transactions: readonly TimedRecord[];
  /** Signed-in visits over the same span, in time order. */
  readonly interactions: readonly TimedRecord[];
  readonly planted: readonly PlantedCustomer[];
}

/**
 * Every customer's orders and visits from `historyDays` before the day starting at `dayStartMs`
 * to the end of that day. Each customer's order days come from a stream of their own; the ids of
 * their orders and visits from one stream shared in turn (forks are 32-bit seeds, and among
 * thousands two can meet: shared, that would repeat record ids). Which products they buy and look
 * at follows the planted affinities (`affinities.ts`) from one more stream shared in turn: the
 * shared stream still draws by popularity where it always has, so the products change and
 * nothing else does.
 */
export function customerActivity(
  world: World,
  random: Random,
  dayStartMs: number,
  historyDays: number,
): CustomerActivity {
  const weights = minuteWeights();
  const minutes = new WeightedSampler(
    weights.map((_, index) => index),
    weights,
  );
  const firstMs = dayStartMs - historyDays * DAY_MS;
  const endMs = dayStartMs + DAY_MS;
  const transactions: TimedRecord[] = [];
  const interactions: TimedRecord[] = [];
  const planted: PlantedCustomer[] = [];
  const products = random.fork('products');
  /** An instant on the day `dayOffset` days from the generated day, at the shop's busy times. */
  const instantOn = (dayOffset: number) =>
    dayStartMs +
    Math.floor(dayOffset) * DAY_MS +
    minutes.draw(random) * MINUTE_MS +
    Math.floor(random.next() * MINUTE_MS);

  for (const customer of world.customerList) {
    const { behaviour } = customer;
    // The schedule has a stream of its own, so a customer's days are the same for any history
    // length; what is drawn per order (ids, times) comes from the shared stream.
    const days = orderDays(
      behaviour,
      random.fork(`orders:${customer.id}`),
      -historyDays,
      1 + PLANNED_DAYS_AFTER,
    );
    /** Writes a visit's steps; returns when it started. */
    const visit = (steps: readonly Step[], endsAt: number): number => {
      const at = sessionTimes(random, steps.length, endsAt);
      const session = { customer, device: customer.device, sessionId: random.uuid() };
      steps.forEach((step, index) => {
        if (at[index]! >= firstMs && at[index]! < endMs)
          interactions.push({
            time: at[index]!,
            raw: interactionRecord(random, session, step, new Date(at[index]!)),
          });
      });
      return at[0]!;
    };
    // Each order, by its day: the next order, and a visit after it, follow its products.
    const baskets: { readonly day: number; readonly products: readonly Product[] }[] = [];
    const boughtBefore = (day: number) =>
      baskets.findLast((basket) => basket.day < day)?.products ?? [];
    let lastOrder: PlantedCustomer['last_order'];
    for (const day of days.filter((each) => each < 1)) {
      const paidAt = instantOn(day);
      const lines = orderLines(world, random, customer, new Date(paidAt), {
        random: products,
        recent: boughtBefore(day),
      });
      baskets.push({ day, products: lines.map((line) => line.product) });
      const started = visit(
        buyingJourney(lines.map((line) => line.product)),
        paidAt - random.int(30, 180) * 1000,
      );
      if (lines[0] !== undefined)
        lastOrder = {
          order_id: lines[0].orderId,
          visit_started_at: new Date(started).toISOString(),
        };
      for (const line of lines)
        transactions.push({ time: paidAt, raw: transactionRecord(random, line) });
    }
    for (const day of browsingDays(customer, random, -historyDays)) {
      const { pick } = plantedVisit(world.affinities, products, {
        recent: boughtBefore(day),
        country: customer.country.code,
      });
      visit(planJourney(world, random, pick), instantOn(day));
    }
    const next = nextOrder(world, random, customer, dayStartMs, days, boughtBefore);
    planted.push({
      ...plantOf(customer, dayStartMs, days),
      ...(lastOrder !== undefined && { last_order: lastOrder }),
      ...(next !== undefined && { next_order: next }),
    });
  }
  const byTime = (a: TimedRecord, b: TimedRecord) => a.time - b.time;
  return {
    transactions: transactions.sort(byTime),
    interactions: interactions.sort(byTime),
    planted,
  };
}

/**
 * The products of the customer's first order planned after the day, drawn as every order is
 * (`orderLines`, following the last order before it), but from a stream of the customer's own:
 * forking draws nothing from `random`, so every record and figure of the day stays as it was.
 */
function nextOrder(
  world: World,
  random: Random,
  customer: Customer,
  dayStartMs: number,
  days: readonly number[],
  boughtBefore: (day: number) => readonly Product[],
): NextOrder | undefined {
  const day = days.find((each) => each >= 1);
  if (day === undefined) return undefined;
  const own = random.fork(`next-orders:${customer.id}`);
  const startOfDay = dayStartMs + Math.floor(day) * DAY_MS;
  const lines = orderLines(world, own, customer, new Date(startOfDay), {
    random: own.fork('products'),
    recent: boughtBefore(day),
  });
  return {
    day: new Date(startOfDay).toISOString().slice(0, 10),
    product_ids: lines.map((line) => line.product.id),
  };
}

/** Instants of a visit's steps, half a minute to two minutes apart, the last at `endsAt`. */
function sessionTimes(random: Random, steps: number, endsAt: number): number[] {
  const times = [endsAt];
  for (let index = 1; index < steps; index += 1)
    times.unshift(times[0]! - random.int(30, 120) * 1000);
  return times;
}

/**
 * Days of visits that end without an order: a Poisson process at the behaviour's browsing rate,
 * from sign-up (or `fromDay`) until the customer stops coming, through the generated day.
 */
function browsingDays(customer: Customer, random: Random, fromDay: number): number[] {
  const { behaviour } = customer;
  const start = Math.max(fromDay, -behaviour.signupDaysAgo);
  const end = Math.min(1, behaviour.stopsAfterDay ?? Infinity);
  const days: number[] = [];
  if (behaviour.browsingPerDay <= 0) return days;
  const gap = () => -Math.log(1 - random.next()) / behaviour.browsingPerDay;
  for (let day = start + gap(); day < end; day += gap()) days.push(day);
  return days;
}

function plantOf(customer: Customer, dayStartMs: number, days: readonly number[]): PlantedCustomer {
  const { behaviour } = customer;
  const dayOf = (offset: number) =>
    new Date(dayStartMs + Math.floor(offset) * DAY_MS).toISOString().slice(0, 10);
  return {
    customer_id: customer.id,
    behaviour: behaviour.kind,
    signup_date: dayOf(-behaviour.signupDaysAgo),
    ...(behaviour.stopsAfterDay !== undefined && { stops_after: dayOf(behaviour.stopsAfterDay) }),
    orders_in_next_30_days: days.filter((day) => day >= 1).length,
  };
}
