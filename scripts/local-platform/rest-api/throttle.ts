/**
 * Stage throttling as API Gateway applies it: a token bucket per method (stage settings apply
 * to each method of the stage), `burstLimit` tokens deep, refilled at `rateLimit` per second; a
 * request that finds the bucket empty is answered 429 without reaching the function.
 */
import type { RestApiThrottle } from './types';

class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly settings: RestApiThrottle,
    now: number,
  ) {
    this.tokens = settings.burstLimit;
    this.refilledAt = now;
  }

  take(now: number): boolean {
    const elapsedSeconds = (now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.tokens = Math.min(
      this.settings.burstLimit,
      this.tokens + elapsedSeconds * this.settings.rateLimit,
    );
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class StageThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly settings: RestApiThrottle) {}

  /** Whether the method (`GET /v1/things/{id}`) may take one more request now. */
  admit(methodKey: string, now: number): boolean {
    let bucket = this.buckets.get(methodKey);
    if (!bucket) {
      bucket = new TokenBucket(this.settings, now);
      this.buckets.set(methodKey, bucket);
    }
    return bucket.take(now);
  }
}
