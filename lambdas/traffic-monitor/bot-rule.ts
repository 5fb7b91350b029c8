/**
 * The bot-attack rule, on one minute of web requests (the platform definition's
 * `trafficMonitor.botRule`; sql/queries/bot_suspicion.sql states the same rule in SQL):
 *   - over the fixed ceiling: flagged outright;
 *   - far above the trailing rate: the minute's count, if the traffic were Poisson at the trailing
 *     mean rate, is beyond `poissonZ` standard deviations once both are put through Anscombe's
 *     transform, 2·√(x + 3/8), which makes a Poisson count close to normal with variance 1. An
 *     ordinary minute then reaches z with probability about 1 − Φ(z / √(1 + 1/window)) (the rate
 *     is estimated from the window): some 2e-6 at 4.75 over 15 minutes, about one false alarm a
 *     year. The rule needs a full trailing window and `minRequests`.
 * Unlike a z-score against the trailing standard deviation, the spread here comes from the rate
 * itself, so a calm hour (little spread) does not turn an ordinary busy minute into an alarm.
 */
import type { BotRule } from '../../infra/platform';

export type BotReason = 'ceiling' | 'spike' | 'ceiling_and_spike';

export interface MinuteVerdict {
  readonly requests: number;
  /** Mean requests per minute over the trailing window (empty minutes count as 0). */
  readonly trailingRate: number;
  /** Anscombe z of the minute against the trailing rate; null without a full window of history. */
  readonly poissonZ: number | null;
  /** Why the minute is flagged; undefined when it is not. */
  readonly reason: BotReason | undefined;
}

/** The 3/8 of Anscombe's transform, 2·√(x + 3/8). */
const ANSCOMBE_SHIFT = 0.375;

/** 2·(√(x + 3/8) − √(λ + 3/8)): how unusual `requests` is for Poisson traffic at `rate`. */
export function anscombeZ(requests: number, rate: number): number {
  return 2 * (Math.sqrt(requests + ANSCOMBE_SHIFT) - Math.sqrt(rate + ANSCOMBE_SHIFT));
}

/**
 * The fewest requests that make a minute a spike at trailing rate `rate`: the smallest count x
 * with `anscombeZ(x, rate)` ≥ `poissonZ`, and never fewer than `minRequests`.
 */
export function spikeLimit(rate: number, rule: Pick<BotRule, 'poissonZ' | 'minRequests'>): number {
  const root = rule.poissonZ / 2 + Math.sqrt(rate + ANSCOMBE_SHIFT);
  // The epsilon keeps a count that reaches z exactly from being pushed up by rounding.
  return Math.max(rule.minRequests, Math.ceil(root * root - ANSCOMBE_SHIFT - 1e-9));
}

/**
 * The verdict on a minute with `requests`, given the request counts of the minutes before it
 * (`trailing`, one per minute, 0 for a minute without requests) and whether they make a full
 * window (the monitor or the query has seen `trailingMinutes` of history).
 */
export function judgeMinute(
  requests: number,
  trailing: readonly number[],
  fullWindow: boolean,
  rule: BotRule,
): MinuteVerdict {
  const trailingRate = trailing.reduce((sum, count) => sum + count, 0) / rule.trailingMinutes;
  const poissonZ = fullWindow ? anscombeZ(requests, trailingRate) : null;
  const overCeiling = requests > rule.maxRequestsPerMinute;
  const spike = poissonZ !== null && poissonZ >= rule.poissonZ && requests >= rule.minRequests;
  const reason: BotReason | undefined =
    overCeiling && spike
      ? 'ceiling_and_spike'
      : overCeiling
        ? 'ceiling'
        : spike
          ? 'spike'
          : undefined;
  return { requests, trailingRate, poissonZ, reason };
}
