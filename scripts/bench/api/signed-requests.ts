/**
 * The bench's requests: each a new purchase (its own `transaction_id`) under its own
 * Idempotency-Key, SigV4-signed for `execute-api` with the AWS SDK's signer
 * (`@smithy/signature-v4`), as an SDK client signs. autocannon builds requests synchronously and
 * the signer is asynchronous, so requests are signed ahead into a stock (about 50 µs each): the
 * bulk before a phase starts, so signing does not compete with the platform for the two cores
 * while it is measured, and topped up in the background should a phase outrun it. A signature
 * stays valid for 5 minutes, longer than any phase and its retries.
 */
import { randomUUID } from 'node:crypto';
import type { SignatureV4 } from '@smithy/signature-v4';
import { executeApiSigner, type ExecuteApiCredentials } from '../../shared/execute-api-signer';
import type { SignedRequest } from './ledger';

export type Credentials = ExecuteApiCredentials;

const PATH = '/api/v1/transactions';
const CATEGORIES = ['books', 'electronics', 'home', 'toys', 'grocery'];
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'GB'];

/** A purchase that fits the `transactions` columns, unique by its ids. */
export function purchase(sequence: number, now: Date): Record<string, unknown> {
  return {
    transaction_id: randomUUID(),
    order_id: randomUUID(),
    customer_id: `C${String(sequence % 100_000).padStart(7, '0')}`,
    product_id: `P${String(sequence % 5_000).padStart(6, '0')}`,
    product_category: CATEGORIES[sequence % CATEGORIES.length],
    quantity: 1 + (sequence % 3),
    unit_price: `${10 + (sequence % 90)}.99`,
    currency: 'EUR',
    transaction_time: now.toISOString(),
    country: COUNTRIES[sequence % COUNTRIES.length],
  };
}

/** Signed requests for one API port, handed out synchronously from a stock signed ahead. */
export class SignedRequestStock {
  private stock: SignedRequest[] = [];
  /** The first request of `stock` not handed out yet. */
  private taken = 0;
  private readonly signer: SignatureV4;
  private sequence = 0;
  private refilling: Promise<void> | undefined;

  constructor(
    private readonly port: number,
    credentials: Credentials,
    /** Prefix of every Idempotency-Key: unique to the run and the phase. */
    private readonly keyPrefix: string,
    /** Below this many, a background refill of as many more starts. */
    private readonly lowWater = 2_000,
  ) {
    this.signer = executeApiSigner(credentials);
  }

  /** Signs `count` more, yielding to the event loop every 100. */
  async fill(count: number): Promise<void> {
    for (let done = 0; done < count; done += 1) {
      this.stock.push(await this.sign());
      if (done % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The next fresh request. @throws when the stock ran dry (the phase outran the signer) */
  take(): SignedRequest {
    const request = this.stock[this.taken];
    if (request) this.taken += 1;
    if (this.taken >= 10_000) {
      this.stock = this.stock.slice(this.taken);
      this.taken = 0;
    }
    if (this.stock.length - this.taken < this.lowWater && !this.refilling)
      this.refilling = this.fill(this.lowWater).finally(() => (this.refilling = undefined));
    if (!request) throw new Error('bench:api: the signed request stock ran dry');
    return request;
  }

  /** Signs one request now (for retries after the load, and for single calls). */
  async sign(): Promise<SignedRequest> {
    const sequence = this.sequence++;
    const now = new Date();
    const record = purchase(sequence, now);
    const body = JSON.stringify(record);
    const key = `${this.keyPrefix}-${sequence}`;
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: this.port,
      path: PATH,
      query: {},
      headers: {
        host: `127.0.0.1:${this.port}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value);
    return { key, id: String(record.transaction_id), path: PATH, body, headers };
  }
}
