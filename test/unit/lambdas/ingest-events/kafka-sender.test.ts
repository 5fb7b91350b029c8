import { identityGroups } from '../../../../lambdas/ingest-events/kafka-sender';
import type { UnsettledBatch } from '../../../../lambdas/ingest-events/unsettled-sends';

const batch = (producerId: string, partition: number, records: number[]): UnsettledBatch => ({
  producerId,
  producerEpoch: 0,
  topic: 'purchases',
  partition,
  firstSequence: 0,
  records,
});

describe('identityGroups', () => {
  it('sends the batches of one producer together, one per partition', () => {
    const a = batch('7', 0, [0]);
    const b = batch('7', 1, [1]);
    expect(identityGroups([a, b])).toEqual([[a, b]]);
  });

  it('keeps producers apart: a Produce request carries one producer id', () => {
    const a = batch('7', 0, [0]);
    const b = batch('8', 1, [1]);
    const c = batch('7', 2, [2]);
    expect(identityGroups([a, b, c])).toEqual([[a, c], [b]]);
  });

  it('splits two batches of one producer on one partition into separate sends', () => {
    const a = batch('7', 0, [0]);
    const b = batch('7', 0, [1]);
    expect(identityGroups([a, b])).toEqual([[a], [b]]);
  });

  it('keeps epochs apart', () => {
    const a = batch('7', 0, [0]);
    const b = { ...batch('7', 1, [1]), producerEpoch: 1 };
    expect(identityGroups([a, b])).toEqual([[a], [b]]);
  });

  it('has nothing to send for no batches', () => {
    expect(identityGroups([])).toEqual([]);
  });
});
