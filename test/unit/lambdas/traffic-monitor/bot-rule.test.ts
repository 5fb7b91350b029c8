/**
 * The bot-attack rule: its verdicts, its stated false-positive rate measured on simulated Poisson
 * traffic, and the bot query's defaults, which must be the definition's values.
 */
import { join } from 'node:path';
import { loadPlatform, type BotRule } from '../../../../infra/platform';
import { anscombeZ, judgeMinute } from '../../../../lambdas/traffic-monitor/bot-rule';
import { loadQuery } from '../../../../lambdas/shared/warehouse/queries';
import { seededRandom } from '../../../fixtures/seeded-random';

const RULE = loadPlatform('dev').trafficMonitor.botRule;
const flat = (rate: number) => Array.from({ length: RULE.trailingMinutes }, () => rate);

describe('judgeMinute', () => {
  it('flags a minute over the ceiling outright, even without history', () => {
    expect(judgeMinute(601, [], false, RULE)).toMatchObject({ reason: 'ceiling', poissonZ: null });
    expect(judgeMinute(600, [], false, RULE).reason).toBeUndefined();
  });

  it('flags a spike far above the trailing rate once a full window exists', () => {
    const verdict = judgeMinute(300, flat(100), true, RULE);
    expect(verdict.trailingRate).toBe(100);
    expect(verdict.poissonZ).toBeCloseTo(2 * (Math.sqrt(300.375) - Math.sqrt(100.375)), 10);
    expect(verdict.reason).toBe('spike');
    expect(judgeMinute(900, flat(100), true, RULE).reason).toBe('ceiling_and_spike');
    expect(judgeMinute(300, flat(100), false, RULE).reason).toBeUndefined();
  });

  it('needs the minimum of requests for a spike, however quiet the hour', () => {
    expect(judgeMinute(19, flat(0), true, RULE)).toMatchObject({ reason: undefined });
    expect(judgeMinute(20, flat(0), true, RULE).reason).toBe('spike');
  });

  it('does not flag an ordinary busy minute after a calm hour (the spread comes from the rate)', () => {
    // 60 minutes of exactly 100 requests: a z-score on their own deviation (0, floored at 1)
    // would make 105 a spike of 5 deviations; for Poisson traffic it is half of one.
    expect(judgeMinute(105, flat(100), true, RULE).reason).toBeUndefined();
  });
});

/** Poisson draws by inversion, from a seeded uniform source. */
function poisson(random: () => number, rate: number): number {
  let k = 0;
  let probability = Math.exp(-rate);
  let cumulative = probability;
  const u = random();
  while (u > cumulative && k < rate * 10 + 50) {
    k += 1;
    probability *= rate / k;
    cumulative += probability;
  }
  return k;
}

/** 1 − Φ(z), from the complementary error function (Abramowitz and Stegun 7.1.26). */
function upperTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return erfc / 2;
}

describe('the false-positive rate on ordinary (Poisson) traffic', () => {
  /** Flagged share of `minutes` simulated minutes at `rate`, judged against their own past. */
  function flaggedShare(rule: BotRule, rate: number, minutes: number, seed: number): number {
    const random = seededRandom(seed);
    const counts: number[] = [];
    let flagged = 0;
    for (let minute = 0; minute < minutes + rule.trailingMinutes; minute += 1) {
      const requests = poisson(random, rate);
      if (minute >= rule.trailingMinutes) {
        const trailing = counts.slice(-rule.trailingMinutes);
        if (judgeMinute(requests, trailing, true, rule).reason === 'spike') flagged += 1;
      }
      counts.push(requests);
    }
    return flagged / minutes;
  }

  it.each([60, 150, 400])(
    'is close to 1 − Φ(z) at rate %i per minute (measured at z = 3, where it can be counted)',
    (rate) => {
      const loose = { ...RULE, poissonZ: 3, minRequests: 1 };
      const share = flaggedShare(loose, rate, 100_000, rate);
      // 1 − Φ(3) = 0.00135; the trailing rate is itself an estimate, which widens the tail a little.
      expect(share).toBeGreaterThan(0.5 * upperTail(3));
      expect(share).toBeLessThan(2.5 * upperTail(3));
    },
  );

  it('states about two false alarms in a million ordinary minutes at the definition’s z', () => {
    // The trailing rate is estimated from the window, which adds 1/trailingMinutes to the
    // variance of z: the rate per ordinary minute is the tail at z / √(1 + 1/trailingMinutes).
    const stated = upperTail(RULE.poissonZ / Math.sqrt(1 + 1 / RULE.trailingMinutes));
    expect(stated).toBeGreaterThan(1e-6);
    expect(stated).toBeLessThan(3e-6);
    // 300,000 simulated minutes at the evening rate: about 0.6 expected.
    expect(flaggedShare(RULE, 400, 300_000, 7)).toBeLessThan(1e-5);
  });

  it('uses Anscombe’s transform, under which a Poisson count has unit variance', () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 50_000 }, () => anscombeZ(poisson(random, 200), 200));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});

it('gives the bot query the definition’s rule as its defaults', () => {
  const { parameters } = loadQuery(join(__dirname, '../../../../sql/queries'), 'bot_suspicion');
  expect({
    maxRequestsPerMinute: Number(parameters.max_requests_per_minute),
    trailingMinutes: Number(parameters.trailing_minutes),
    poissonZ: Number(parameters.poisson_z),
    minRequests: Number(parameters.min_requests),
  }).toEqual(RULE);
});
