import { UsageError } from '../shared/usage-error';
/**
 * How many records a generated day holds. A size is named by its access events; the other
 * datasets follow in fixed proportions (the shop's web server logs the most, then its anonymous
 * visits, then customer register changes). The shop's orders and its signed-in visits are not
 * sized: they are what its customers do (`customer-history.ts`).
 */

export const SIZE_NAMES = ['small', 'medium', 'large'] as const;
export type SizeName = (typeof SIZE_NAMES)[number];
/** A named size, or a number of access events. */
export type GenerationSize = SizeName | number;

/** Access events of each named size. */
export const ACCESS_EVENTS_BY_SIZE: Readonly<Record<SizeName, number>> = {
  small: 3_000,
  medium: 40_000,
  large: 400_000,
};
/** Most access events a numeric size may ask for: a few times `large`, still minutes to write. */
export const MAX_ACCESS_EVENTS = 2_000_000;

/** Records of each dataset per access event. */
export const PER_ACCESS_EVENT = {
  web_logs: 1.5,
  interactions: 0.4,
  customers: 0.03,
} as const;

export interface DatasetCounts {
  readonly access_events: number;
  /** Background web requests, the bot burst not included. */
  readonly web_logs: number;
  /** Anonymous visits' interactions; the customers' own come on top. */
  readonly interactions: number;
  readonly customers: number;
}

/** `small`, `medium`, `large` or a whole number of access events. @throws UsageError otherwise. */
export function parseSize(text: string): GenerationSize {
  if ((SIZE_NAMES as readonly string[]).includes(text)) return text as SizeName;
  if (!/^\d+$/.test(text)) {
    throw new UsageError(
      `the size must be ${SIZE_NAMES.join(', ')} or a number of access events; got "${text}"`,
    );
  }
  return checkedAccessEvents(Number(text));
}

function checkedAccessEvents(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ACCESS_EVENTS) {
    throw new UsageError(
      `a numeric size is a number of access events from 1 to ${MAX_ACCESS_EVENTS}; got ${value}`,
    );
  }
  return value;
}

/**
 * Records per dataset for `size`. Background web requests stop growing at `webLogCeiling`: past
 * it, the busiest ordinary minute would come close to the bot query's fixed ceiling, and the
 * injected burst would no longer be the only minute that query flags.
 */
export function datasetCounts(size: GenerationSize, webLogCeiling: number): DatasetCounts {
  const accessEvents =
    typeof size === 'number' ? checkedAccessEvents(size) : ACCESS_EVENTS_BY_SIZE[size];
  const share = (perEvent: number) => Math.max(1, Math.round(accessEvents * perEvent));
  return {
    access_events: accessEvents,
    web_logs: Math.min(share(PER_ACCESS_EVENT.web_logs), Math.max(1, Math.floor(webLogCeiling))),
    interactions: share(PER_ACCESS_EVENT.interactions),
    customers: share(PER_ACCESS_EVENT.customers),
  };
}
