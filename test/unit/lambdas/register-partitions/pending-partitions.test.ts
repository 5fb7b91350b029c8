import { catalogTableFor } from '../../../../infra/platform';
import {
  partitionId,
  type PartitionTarget,
} from '../../../../lambdas/register-partitions/partition-path';
import {
  collapseByPartition,
  groupByTable,
} from '../../../../lambdas/register-partitions/pending-partitions';
import { chunk } from '../../../../lambdas/shared/backoff';
import { PLATFORM } from './registration-fixtures';

const ACCESS = catalogTableFor(PLATFORM, 'raw', 'access_events')!;
const INTERACTIONS = catalogTableFor(PLATFORM, 'raw', 'interactions')!;

function target(table = ACCESS, hour = '17'): PartitionTarget {
  const values = ['2026', '03', '08', hour];
  return { id: partitionId(table, values), table, values, location: `s3://b/${hour}/` };
}

describe('collapseByPartition', () => {
  it('makes one pending partition per distinct partition, remembering every record behind it', () => {
    const records = [
      { messageId: 'm1', partition: target(ACCESS, '17') },
      { messageId: 'm2', partition: target(INTERACTIONS, '17') },
      { messageId: 'm3', partition: target(ACCESS, '17') },
      { messageId: 'm4', partition: target(ACCESS, '18') },
      { messageId: 'm5', partition: target(ACCESS, '17') },
    ];

    const pending = collapseByPartition(records);

    expect(pending.map((p) => [p.table.table, p.values[3], p.messageIds])).toEqual([
      ['access_events', '17', ['m1', 'm3', 'm5']],
      ['interactions', '17', ['m2']],
      ['access_events', '18', ['m4']],
    ]);
  });

  it('collapses a thousand records of one partition into one', () => {
    const records = Array.from({ length: 1000 }, (_, index) => ({
      messageId: `m${index}`,
      partition: target(),
    }));

    const pending = collapseByPartition(records);

    expect(pending).toHaveLength(1);
    expect(pending[0]!.messageIds).toHaveLength(1000);
  });

  it('returns nothing for no records', () => {
    expect(collapseByPartition([])).toEqual([]);
  });
});

describe('groupByTable', () => {
  it('groups partitions of the same table in order of first appearance', () => {
    const groups = groupByTable([
      target(ACCESS, '01'),
      target(INTERACTIONS, '01'),
      target(ACCESS, '02'),
    ]);

    expect(groups.map((group) => group.map((p) => `${p.table.table}:${p.values[3]}`))).toEqual([
      ['access_events:01', 'access_events:02'],
      ['interactions:01'],
    ]);
  });
});

describe('chunk', () => {
  it.each([
    [0, 100, []],
    [1, 100, [1]],
    [100, 100, [100]],
    [101, 100, [100, 1]],
    [250, 100, [100, 100, 50]],
    [2500, 1000, [1000, 1000, 500]],
  ])('cuts %i items into slices of %i: %j', (count, size, sizes) => {
    const items = Array.from({ length: count }, (_, index) => index);

    const slices = chunk(items, size);

    expect(slices.map((slice) => slice.length)).toEqual(sizes);
    expect(slices.flat()).toEqual(items);
  });

  it.each([0, -1, 1.5])('refuses a slice size of %p', (size) => {
    expect(() => chunk([1], size)).toThrow(RangeError);
  });
});
