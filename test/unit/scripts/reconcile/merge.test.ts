import { ListingOrderError } from '../../../../scripts/reconcile/errors';
import { SortedMerge } from '../../../../scripts/reconcile/merge';
import { collect, keyed, streamOf } from './streams';

type Row = { key: string; left: boolean; right: boolean };

async function merged(left: string[], right: string[]): Promise<Row[]> {
  const pairs = await collect(new SortedMerge(streamOf(keyed(...left)), streamOf(keyed(...right))));
  return pairs.map((pair) => ({
    key: pair.key,
    left: pair.left !== undefined,
    right: pair.right !== undefined,
  }));
}

const both = (key: string) => ({ key, left: true, right: true });
const leftOnly = (key: string) => ({ key, left: true, right: false });
const rightOnly = (key: string) => ({ key, left: false, right: true });

describe('SortedMerge', () => {
  it('pairs equal keys', async () => {
    expect(await merged(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([
      both('a'),
      both('b'),
      both('c'),
    ]);
  });

  it.each([
    ['start', ['a', 'b', 'c'], ['b', 'c'], [leftOnly('a'), both('b'), both('c')]],
    ['middle', ['a', 'b', 'c'], ['a', 'c'], [both('a'), leftOnly('b'), both('c')]],
    ['end', ['a', 'b', 'c'], ['a', 'b'], [both('a'), both('b'), leftOnly('c')]],
  ])('reports a key only on the left at the %s', async (_where, left, right, expected) => {
    expect(await merged(left, right)).toEqual(expected);
  });

  it.each([
    ['start', ['b', 'c'], ['a', 'b', 'c'], [rightOnly('a'), both('b'), both('c')]],
    ['middle', ['a', 'c'], ['a', 'b', 'c'], [both('a'), rightOnly('b'), both('c')]],
    ['end', ['a', 'b'], ['a', 'b', 'c'], [both('a'), both('b'), rightOnly('c')]],
  ])('reports a key only on the right at the %s', async (_where, left, right, expected) => {
    expect(await merged(left, right)).toEqual(expected);
  });

  it('handles empty sides', async () => {
    expect(await merged([], [])).toEqual([]);
    expect(await merged(['a', 'b'], [])).toEqual([leftOnly('a'), leftOnly('b')]);
    expect(await merged([], ['a', 'b'])).toEqual([rightOnly('a'), rightOnly('b')]);
  });

  it('interleaves disjoint sides in key order', async () => {
    expect(await merged(['a', 'c', 'e'], ['b', 'd', 'f'])).toEqual([
      leftOnly('a'),
      rightOnly('b'),
      leftOnly('c'),
      rightOnly('d'),
      leftOnly('e'),
      rightOnly('f'),
    ]);
  });

  it('does not pair keys that differ only in case', async () => {
    expect(await merged(['Data/x'], ['data/x'])).toEqual([leftOnly('Data/x'), rightOnly('data/x')]);
  });

  it('does not pair keys that differ only in Unicode normalisation', async () => {
    const nfc = 'caf\u00e9/x';
    const nfd = 'cafe\u0301/x';
    expect(await merged([nfc], [nfd])).toEqual([rightOnly(nfd), leftOnly(nfc)]);
  });

  it('uses UTF-8 byte order: "-" and " " before "/", astral characters last', async () => {
    const left = ['a b', 'a-b', 'a/b', 'a\uFF21', 'a\u{1F600}'];
    const right = ['a b', 'a.b', 'a/b', 'a\u{1F600}'];
    expect(await merged(left, right)).toEqual([
      both('a b'),
      leftOnly('a-b'),
      rightOnly('a.b'),
      both('a/b'),
      leftOnly('a\uFF21'),
      both('a\u{1F600}'),
    ]);
  });

  it('refuses a side that goes backwards, naming it', async () => {
    const merge = new SortedMerge(streamOf(keyed('a', 'b')), streamOf(keyed('a/x', 'a-b')), {
      left: 'S3',
      right: 'ADLS',
    });
    const failure = collect(merge);
    await expect(failure).rejects.toThrow(ListingOrderError);
    await expect(failure).rejects.toThrow(
      /ADLS listing is not in UTF-8 byte order: "a-b" came after "a\/x"/,
    );
  });

  it('refuses a repeated key', async () => {
    await expect(merged(['a', 'a'], [])).rejects.toThrow(ListingOrderError);
  });

  it('stops both inputs when the consumer stops early', async () => {
    const stopped: string[] = [];
    async function* tracked(name: string, keys: string[]) {
      try {
        for (const key of keys) yield await Promise.resolve({ key });
      } finally {
        stopped.push(name);
      }
    }
    for await (const pair of new SortedMerge(
      tracked('left', ['a', 'b']),
      tracked('right', ['a']),
    )) {
      expect(pair.key).toBe('a');
      break;
    }
    expect(stopped.sort()).toEqual(['left', 'right']);
  });
});
