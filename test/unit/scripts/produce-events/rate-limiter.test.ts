import { TokenBucket } from '../../../../scripts/produce-events/rate-limiter';
import { ManualClock } from './helpers';

function takeAll(bucket: TokenBucket): number {
  let taken = 0;
  while (bucket.tryTake()) taken += 1;
  return taken;
}

describe('TokenBucket', () => {
  it('starts with one second of tokens, then refills at the rate', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: () => 50, now: () => clock.now() });
    expect(takeAll(bucket)).toBe(50);
    clock.advance(100);
    expect(takeAll(bucket)).toBe(5);
    clock.advance(1000);
    expect(takeAll(bucket)).toBe(50);
  });

  it('never holds more than its capacity, however long it idles', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({
      ratePerSecond: () => 10,
      capacity: 20,
      now: () => clock.now(),
    });
    takeAll(bucket);
    clock.advance(60_000);
    expect(takeAll(bucket)).toBe(20);
  });

  it('says how long to wait for the next token', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: () => 4, now: () => clock.now() });
    takeAll(bucket);
    expect(bucket.msUntilNextToken()).toBe(250);
    clock.advance(250);
    expect(bucket.msUntilNextToken()).toBe(0);
    expect(bucket.tryTake()).toBe(true);
  });

  it('delivers rate × time over a long run', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({
      ratePerSecond: () => 7,
      capacity: 10,
      now: () => clock.now(),
    });
    let taken = takeAll(bucket);
    for (let step = 0; step < 60_000; step += 10) {
      clock.advance(10);
      taken += takeAll(bucket);
    }
    expect(taken).toBe(10 + 7 * 60); // the tokens it started with, then the rate
  });

  it('follows a rate that changes over time', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({
      ratePerSecond: (now) => (now < 10_000 ? 1 : 100),
      capacity: 100,
      now: () => clock.now(),
    });
    takeAll(bucket);
    clock.advance(5000);
    expect(takeAll(bucket)).toBe(5);
    clock.advance(10_000); // now at 15 s: the refill reads the rate of the new period
    expect(takeAll(bucket)).toBe(100);
  });

  it('adds nothing when the clock steps back', () => {
    const clock = new ManualClock(10_000);
    const bucket = new TokenBucket({ ratePerSecond: () => 5, now: () => clock.now() });
    takeAll(bucket);
    clock.advance(-5000);
    expect(bucket.tryTake()).toBe(false);
  });
});
