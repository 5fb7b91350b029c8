import type { CatalogTable } from '../../../../infra/platform';
import type { RetryPolicy } from '../../../../lambdas/shared/backoff';
import {
  CatalogCallError,
  CatalogRetriesExhaustedError,
  PartitionRejectedError,
} from '../../../../lambdas/register-partitions/errors';
import type { PendingPartition } from '../../../../lambdas/register-partitions/pending-partitions';
import { callInSlices } from '../../../../lambdas/register-partitions/sliced-catalog-call';

const table = { database: 'raw_db', table: 'web_logs' } as CatalogTable;
const retry: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 1,
  sleep: () => Promise.resolve(),
  random: () => 0,
};
const call = {
  operation: 'BatchGetPartition',
  table,
  perCall: 2,
  retry,
  leftOverDescription: 'kept failing',
};
const partitions: PendingPartition[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
  id,
  table,
  values: [id],
  location: `s3://bucket/web_logs/${id}/`,
  messageIds: [],
}));
const ids = (list: readonly PendingPartition[]) => list.map((partition) => partition.id);

describe('callInSlices', () => {
  it('sends at most the per-call limit at a time, and again only what comes back', async () => {
    const sent: string[][] = [];
    const failed = await callInSlices(
      call,
      partitions,
      (pending) => {
        sent.push(ids(pending));
        // The first call of each slice hands its last partition back once.
        return Promise.resolve(sent.length % 2 === 1 && pending.length === 2 ? [pending[1]!] : []);
      },
      () => false,
    );
    expect(sent).toEqual([['a', 'b'], ['b'], ['c', 'd'], ['d'], ['e']]);
    expect(failed.size).toBe(0);
  });

  it('fails what is still handed back after the last attempt, naming the operation and table', async () => {
    const failed = await callInSlices(
      call,
      partitions.slice(0, 2),
      (pending) => Promise.resolve(pending.filter((partition) => partition.id === 'b')),
      () => false,
    );
    expect([...failed.keys()]).toEqual(['b']);
    expect(failed.get('b')).toBeInstanceOf(CatalogRetriesExhaustedError);
    expect(failed.get('b')?.message).toBe(
      'BatchGetPartition on raw_db.web_logs kept failing after 3 attempts',
    );
  });

  it('keeps the outcomes a failing call already had, and fails the rest of its slice only', async () => {
    let calls = 0;
    const answered = new Set<string>();
    const failed = await callInSlices(
      call,
      partitions.slice(0, 4),
      (_pending, rejected) => {
        calls += 1;
        if (calls === 1) {
          answered.add('a');
          rejected.set('b', new PartitionRejectedError('InvalidInputException', 'bad'));
          return Promise.resolve([]);
        }
        answered.add('c');
        return Promise.reject(
          Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
        );
      },
      (id) => answered.has(id),
    );
    expect(failed.get('b')).toBeInstanceOf(PartitionRejectedError);
    expect(failed.has('a')).toBe(false);
    expect(failed.has('c')).toBe(false);
    expect(failed.get('d')).toBeInstanceOf(CatalogCallError);
  });
});
