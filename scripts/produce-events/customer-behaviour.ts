/**
 * How each shop customer buys over time: the behaviour planted in the simulated population, which
 * the generated history follows and the answer key records, and which no query or model reads.
 * Times are days relative to today (0 is the start of the current day, negative is the past), so
 * the same world describes a generated day and a live run alike.
 *
 * - loyal: orders every couple of weeks, regularly, since long before the history starts;
 * - big_spender: orders every few weeks, large baskets of expensive products;
 * - new: opened the account in the last two months and is buying;
 * - fading: used to order often, then each gap longer than the one before, and stops some day
 *   between six weeks ago and a month from now;
 * - lapsed: ordered regularly until a known day two to five months ago, and never since.
 */
import type { Random } from './random';

export const CUSTOMER_BEHAVIOURS = ['loyal', 'big_spender', 'new', 'fading', 'lapsed'] as const;
export type CustomerBehaviourKind = (typeof CUSTOMER_BEHAVIOURS)[number];

/** Share of the customers planted with each behaviour. */
export const BEHAVIOUR_SHARES: Readonly<Record<CustomerBehaviourKind, number>> = {
  loyal: 0.3,
  big_spender: 0.1,
  new: 0.15,
  fading: 0.2,
  lapsed: 0.25,
};

export interface CustomerBehaviour {
  readonly kind: CustomerBehaviourKind;
  /** Days before today the account was opened; the first order follows within days. */
  readonly signupDaysAgo: number;
  /** Mean days between two orders at the start of the customer's history. */
  readonly intervalDays: number;
  /** Each gap's mean over the one before it: above 1 the customer drifts away. */
  readonly intervalGrowth: number;
  /** The day (relative to today) from which the gaps grow by `intervalGrowth`. */
  readonly fadesFromDay?: number;
  /** The day (relative to today) after which the customer orders no more; undefined: never stops. */
  readonly stopsAfterDay?: number;
  /** Baskets of several expensive products rather than one or two everyday ones. */
  readonly bigBaskets: boolean;
  /** Visits that end without an order, per day, while the customer is still around. */
  readonly browsingPerDay: number;
}

/** Gaps between orders are Gamma-distributed with this shape: regular, not memoryless. */
export const ORDER_GAP_SHAPE = 5;
/** How far back an established customer's account goes: before any history the generator makes. */
const ESTABLISHED_SIGNUP_DAYS = { min: 400, max: 3 * 365 } as const;

export function drawBehaviour(random: Random): CustomerBehaviour {
  const kind = random.weighted(CUSTOMER_BEHAVIOURS, (each) => BEHAVIOUR_SHARES[each]);
  const established = random.int(ESTABLISHED_SIGNUP_DAYS.min, ESTABLISHED_SIGNUP_DAYS.max);
  switch (kind) {
    case 'loyal':
      return steady(kind, established, 14 + random.next() * 8, false, 0.01);
    case 'big_spender':
      return steady(kind, established, 24 + random.next() * 8, true, 0.015);
    case 'new':
      return steady(kind, random.int(3, 60), 12 + random.next() * 6, false, 0.02);
    case 'fading': {
      // Customers fade at any time, not all together: a model trained on a past month then
      // meets, today, customers in the same stages of drifting away as it learned from.
      const stopsAfterDay = random.int(FADING_STOPS.min, FADING_STOPS.max);
      return {
        ...steady(kind, established, 9 + random.next() * 5, false, 0.01),
        intervalGrowth: 1.15 + random.next() * 0.1,
        fadesFromDay: stopsAfterDay - random.int(FADING_DAYS.min, FADING_DAYS.max),
        stopsAfterDay,
      };
    }
    case 'lapsed':
      return {
        ...steady(kind, established, 14 + random.next() * 10, false, 0.005),
        stopsAfterDay: -random.int(60, 150),
      };
  }
}

function steady(
  kind: CustomerBehaviourKind,
  signupDaysAgo: number,
  intervalDays: number,
  bigBaskets: boolean,
  browsingPerDay: number,
): CustomerBehaviour {
  return { kind, signupDaysAgo, intervalDays, intervalGrowth: 1, bigBaskets, browsingPerDay };
}

/** When fading customers stop ordering, relative to today. */
const FADING_STOPS = { min: -45, max: 30 } as const;
/** How long before its stop a fading customer's gaps start to grow. */
const FADING_DAYS = { min: 100, max: 150 } as const;

/**
 * Orders are simulated from this day (or from sign-up, if later) whatever window is asked for,
 * so a customer's order days are the same for any history length.
 */
export const SIMULATION_ORIGIN_DAY = -400;
/**
 * The days (relative to today, fractional) on which the customer orders, from `fromDay` up to
 * (not including) `untilDay`: a renewal process of Gamma gaps, from sign-up (or mid-rhythm for
 * an older account), whose mean grows by `intervalGrowth` per order once a fading customer
 * starts to drift (`fadesFromDay`), and which ends at `stopsAfterDay`.
 */
export function orderDays(
  behaviour: CustomerBehaviour,
  random: Random,
  fromDay: number,
  untilDay: number,
): number[] {
  const signup = -behaviour.signupDaysAgo;
  const stop = Math.min(untilDay, behaviour.stopsAfterDay ?? Infinity);
  let interval = behaviour.intervalDays;
  let day =
    signup >= SIMULATION_ORIGIN_DAY
      ? signup + random.next() * 2
      : SIMULATION_ORIGIN_DAY + random.next() * interval;
  const days: number[] = [];
  while (day < stop) {
    if (day >= fromDay) days.push(day);
    day += gammaGap(random, interval);
    if (behaviour.fadesFromDay !== undefined && day >= behaviour.fadesFromDay)
      interval *= behaviour.intervalGrowth;
  }
  return days;
}

/** A Gamma(ORDER_GAP_SHAPE) gap with mean `mean`: the sum of exponential gaps. */
function gammaGap(random: Random, mean: number): number {
  let sum = 0;
  for (let index = 0; index < ORDER_GAP_SHAPE; index += 1) sum -= Math.log(1 - random.next());
  return (sum / ORDER_GAP_SHAPE) * mean;
}

/**
 * How likely the customer is to order today, relative to others: what a live run's order and
 * visit generators weigh customers by, so a lapsed customer never shows up and a fading one
 * rarely does.
 */
export function orderingToday(behaviour: CustomerBehaviour): number {
  if (behaviour.stopsAfterDay !== undefined && behaviour.stopsAfterDay < 0) return 0;
  if (behaviour.kind === 'fading') return 1 / (behaviour.intervalDays * 4);
  return 1 / behaviour.intervalDays;
}
