import { parseApiBenchArgs } from '../../../../../scripts/bench/api/args';
import {
  compareDelivery,
  Ledger,
  NO_ANSWER,
  type SignedRequest,
} from '../../../../../scripts/bench/api/ledger';
import { cpuCeiling, type MeasuredPhase } from '../../../../../scripts/bench/api/report';
import { backoffMs, verdictOf } from '../../../../../scripts/bench/api/retry';

function requests(): () => SignedRequest {
  let sequence = 0;
  return () => {
    sequence += 1;
    return {
      key: `key-${sequence}`,
      id: `id-${sequence}`,
      path: '/api/v1/transactions',
      body: `{"transaction_id":"id-${sequence}"}`,
      headers: { 'idempotency-key': `key-${sequence}` },
    };
  };
}

describe('the retry policy', () => {
  it('retries what says nothing was acknowledged yet, and stops at anything else', () => {
    expect(verdictOf(202)).toBe('accepted');
    for (const status of [500, 502, 503, 504, 409, 429]) expect(verdictOf(status)).toBe('retry');
    for (const status of [400, 403, 404, 413, 415, 422]) expect(verdictOf(status)).toBe('final');
  });

  it('backs off from 50 ms, doubling, to at most 800 ms', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((retry) => backoffMs(retry))).toEqual([
      50, 100, 200, 400, 800, 800, 800,
    ]);
  });
});

describe('Ledger', () => {
  it('resends a retried record with the same key and bytes, after its backoff', () => {
    const ledger = new Ledger(requests());
    const first = ledger.next(0);
    ledger.answered(first, 503, 0);

    // Not due yet: a fresh record goes instead.
    const second = ledger.next(10);
    expect(second.request.key).not.toBe(first.request.key);
    const retry = ledger.next(50);
    expect(retry).toBe(first);
    expect(retry.request).toEqual(first.request);

    ledger.answered(retry, 202, 60);
    expect(first.statuses).toEqual([503, 202]);
    expect(first.state).toBe('accepted');
  });

  it('never hands out a key twice', () => {
    const ledger = new Ledger(() => ({
      key: 'same',
      id: 'id',
      path: '/',
      body: '{}',
      headers: {},
    }));
    ledger.next(0);
    expect(() => ledger.next(0)).toThrow('Idempotency-Key same used twice');
  });

  it('hands what is in flight or waiting to the drain, and keeps refusals final', () => {
    const ledger = new Ledger(requests());
    const accepted = ledger.next(0);
    const refused = ledger.next(0);
    const waiting = ledger.next(0);
    const inFlight = ledger.next(0);
    ledger.answered(accepted, 202, 1);
    ledger.answered(refused, 422, 1);
    ledger.answered(waiting, 409, 1);

    expect(ledger.takeUnfinished()).toEqual([waiting, inFlight]);
    expect(inFlight.statuses).toEqual([NO_ANSWER]);
    expect(waiting.statuses).toEqual([409]);
    expect(refused.state).toBe('refused');
    // Draining: a retryable answer sets the next try without queueing it for the load.
    ledger.answered(inFlight, 503, 2);
    expect(inFlight).toMatchObject({ state: 'waiting', notBefore: 102 });
    expect(ledger.next(1_000).request.key).toBe('key-5');
  });
});

describe('compareDelivery', () => {
  it('finds what was acknowledged and is missing, and what is stored twice', () => {
    const delivery = compareDelivery(['a', 'b', 'c', 'd'], ['a', 'b', 'b', 'd', 'e', 'd', 'd']);
    expect(delivery.acknowledged).toBe(4);
    expect(delivery.stored).toBe(7);
    expect(delivery.lost).toEqual(['c']);
    expect(delivery.duplicated).toEqual(
      new Map([
        ['b', 2],
        ['d', 3],
      ]),
    );
    expect(delivery.unacknowledged).toEqual(['e']);
  });

  it('finds nothing when every acknowledged record is stored once', () => {
    const delivery = compareDelivery(new Set(['a', 'b']), ['b', 'a']);
    expect(delivery.lost).toEqual([]);
    expect(delivery.duplicated.size).toBe(0);
    expect(delivery.unacknowledged).toEqual([]);
  });
});

describe('the command line', () => {
  it('has a quick smoke run and takes each duration as a flag', () => {
    expect(parseApiBenchArgs([])).toMatchObject({ seconds: 30, faultSeconds: 20, connections: 16 });
    expect(parseApiBenchArgs(['--quick'])).toMatchObject({ seconds: 5, warmupSeconds: 2 });
    expect(parseApiBenchArgs(['--quick', '--seconds', '12', '--containers', '3'])).toMatchObject({
      seconds: 12,
      containers: 3,
    });
    expect(() => parseApiBenchArgs(['--seconds', '0'])).toThrow('--seconds must be a positive');
  });
});

describe('cpuCeiling', () => {
  it('is the cores over the CPU one request took in every process', () => {
    const phase = { cpuMsPerRequest: { load: 0.5, platform: 2, containers: 5.5 } };
    expect(cpuCeiling(phase as MeasuredPhase, 2)).toBe(250);
  });
});
