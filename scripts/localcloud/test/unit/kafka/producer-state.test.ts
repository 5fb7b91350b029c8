import {
  InvalidProducerEpochError,
  OutOfOrderSequenceError,
  ProducerStates,
  type IdempotentBatch,
} from '../../../src/kafka/producer-state';

const batch = (baseSequence: number, records = 1, producerEpoch = 0): IdempotentBatch => ({
  producerId: 1000n,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: records - 1,
});

/** Checks and, when new, appends at `offset`; returns what the broker answers. */
function send(states: ProducerStates, sent: IdempotentBatch, offset: number): number {
  const earlier = states.check(sent);
  if (earlier !== undefined) return earlier;
  states.appended(sent, offset);
  return offset;
}

describe('ProducerStates', () => {
  it('takes batches in sequence, and answers one sent again with its first offset', () => {
    const states = new ProducerStates();
    expect(send(states, batch(0, 3), 10)).toBe(10);
    expect(send(states, batch(3, 2), 13)).toBe(13);
    expect(send(states, batch(0, 3), 99)).toBe(10); // the first batch, retried
    expect(send(states, batch(3, 2), 99)).toBe(13);
    expect(send(states, batch(5), 15)).toBe(15);
  });

  it('refuses a gap or a batch older than the last five, and a fenced epoch', () => {
    const states = new ProducerStates();
    for (let sequence = 0; sequence < 7; sequence += 1) send(states, batch(sequence), sequence);
    expect(() => states.check(batch(9))).toThrow(OutOfOrderSequenceError);
    expect(() => states.check(batch(0))).toThrow(OutOfOrderSequenceError); // forgotten by now
    expect(states.check(batch(2))).toBe(2); // still among the last five
    send(states, batch(0, 1, 1), 7); // a new epoch starts again at 0
    expect(() => states.check(batch(7, 1, 0))).toThrow(InvalidProducerEpochError);
    expect(() => states.check(batch(3, 1, 2))).toThrow(/starts at sequence 3, not 0/);
  });

  it('continues across the sequence wrap at 2^31', () => {
    const states = new ProducerStates();
    send(states, batch(2 ** 31 - 2, 2), 0);
    expect(states.check(batch(0))).toBeUndefined();
  });

  it('starts a producer it has not seen at any sequence, as Kafka does', () => {
    expect(new ProducerStates().check(batch(42))).toBeUndefined();
  });
});
