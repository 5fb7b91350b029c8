/**
 * A token bucket shared by every topic of a run: `--rate` records per second on average, with
 * at most one second's worth sent in a burst (after a pause, or at start-up). The rate may vary
 * over time (the daily rhythm); the clock is injected so tests control time.
 */

/** Refills add fractions of a token; float rounding must not make 0.999… tokens short of one. */
const EPSILON = 1e-9;

export interface TokenBucketOptions {
  /** Tokens added per second at `nowMs`; read at each refill. */
  readonly ratePerSecond: (nowMs: number) => number;
  /** Most tokens the bucket holds. @default the rate at construction, at least 1 */
  readonly capacity?: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;
  readonly capacity: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.lastRefillMs = options.now();
    this.capacity = options.capacity ?? Math.max(1, options.ratePerSecond(this.lastRefillMs));
    if (!(this.capacity >= 1)) throw new RangeError('capacity must be at least 1 token');
    this.tokens = this.capacity; // a fresh producer may send its first second at once
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available at the current rate (0 when one is). */
  msUntilNextToken(): number {
    this.refill();
    if (this.tokens >= 1 - EPSILON) return 0;
    const rate = this.options.ratePerSecond(this.lastRefillMs);
    if (rate <= 0) return Number.POSITIVE_INFINITY;
    return Math.ceil(((1 - this.tokens) / rate) * 1000);
  }

  private refill(): void {
    const now = this.options.now();
    const elapsedMs = now - this.lastRefillMs;
    if (elapsedMs <= 0) return; // a clock that steps back adds nothing
    const rate = this.options.ratePerSecond(now);
    this.tokens = Math.min(this.capacity, this.tokens + (rate * elapsedMs) / 1000);
    this.lastRefillMs = now;
  }
}
