import { walkFiles, type WalkStats } from '../../../../scripts/reconcile/adls-walk';
import { compareKeys } from '../../../../scripts/reconcile/keys';
import { fakeLister } from './fake-directory-lister';
import { collect } from './streams';

const newStats = (): WalkStats => ({ maxPending: 0, maxDepth: 0, directoriesListed: 0 });
const names = async (...args: Parameters<typeof walkFiles>) =>
  (await collect(walkFiles(...args))).map((blob) => blob.name);
const byteOrder = (files: readonly string[]) => [...files].sort(compareKeys);

/** Names where a directory's name is a prefix of a sibling's: the case the orders disagree on. */
const AWKWARD = [
  'a-b-c',
  'a-b/dat2',
  'a-c',
  'a.c/dat3',
  'a/dat1',
  'a/x/y/z/deep.parquet',
  'a b/space',
  'a+b/plus',
  'a%2Fb/percent',
  'ab.txt',
  'ab/ab',
  'ab/dat4',
  'abc',
  'caf\u00e9/nfc',
  'cafe\u0301/nfd',
  'Data/upper',
  'data/lower',
  '\u{1F600}/astral',
  '\uFF21/fullwidth',
]; // `a`, `a-b`, `a.c` and `ab` are directories with files beside them

describe('walkFiles', () => {
  it.each([
    ['name order (HNS)', 'name', 1],
    ['name order (HNS)', 'name', 2],
    ['name order (HNS)', 'name', 5000],
    ['key order (flat, localcloud)', 'key', 1],
    ['key order (flat, localcloud)', 'key', 3],
    ['key order (flat, localcloud)', 'key', 5000],
  ] as const)(
    'yields files in UTF-8 byte order from listings in %s (%s), %i per page',
    async (_label, order, pageSize) => {
      const lister = fakeLister(AWKWARD, { order, pageSize });
      expect(await names(lister)).toEqual(byteOrder(AWKWARD));
    },
  );

  it('is tested against listings whose sibling orders really differ', async () => {
    const firstItems = async (order: 'name' | 'key') => {
      const pages = await collect(fakeLister(['a/x', 'a-b'], { order, pageSize: 1 })(''));
      return pages.map((page) => [...page.prefixes, ...page.blobs.map((blob) => blob.name)]).flat();
    };
    // `a` is the directory's own folder blob, `a/` its prefix.
    expect(await firstItems('name')).toEqual(['a', 'a/', 'a-b']);
    expect(await firstItems('key')).toEqual(['a', 'a-b', 'a/']);
  });

  it('skips directories and folder blobs', async () => {
    const files = ['x/y/z.parquet', 'x/y.json'];
    const blobs = await collect(walkFiles(fakeLister(files, { order: 'name', pageSize: 10 })));
    expect(blobs.map((blob) => blob.name)).toEqual(['x/y.json', 'x/y/z.parquet']);
    expect(blobs.every((blob) => !blob.isFolder)).toBe(true);
  });

  it('leaves out excluded prefixes without listing them', async () => {
    const files = ['_transfer-tmp/abc/part-1', '_transfer-tmpfile', 'raw/part-1'];
    const lister = fakeLister(files, { order: 'name', pageSize: 10 });
    expect(await names(lister, { exclude: ['_transfer-tmp/'] })).toEqual([
      '_transfer-tmpfile',
      'raw/part-1',
    ]);
    expect(lister.calls).not.toContain('_transfer-tmp/');
  });

  it('lists only what starts with the prefix, even a partial name', async () => {
    const files = [
      'ds/year=2024/month=01/a',
      'ds/year=2024/month=02/b',
      'ds/year=2024/mx',
      'ds/year=2023/c',
    ];
    const lister = fakeLister(files, { order: 'name', pageSize: 10 });
    expect(await names(lister, { prefix: 'ds/year=2024/mo' })).toEqual([
      'ds/year=2024/month=01/a',
      'ds/year=2024/month=02/b',
    ]);
  });

  it('yields nothing from an empty file system', async () => {
    expect(await names(fakeLister([], { order: 'name', pageSize: 10 }))).toEqual([]);
  });

  it('holds back only a short chain of directories, however wide the directory', async () => {
    // 2,000 siblings `p-00000…` sort between directory `p` and `p/` in byte order.
    const files = [
      ...Array.from({ length: 2000 }, (_, index) => `p-${String(index).padStart(5, '0')}`),
      'p/inside',
      'p-00001x/inner', // a directory whose name extends a sibling's
      'q/after',
    ];
    const stats = newStats();
    const lister = fakeLister(files, { order: 'name', pageSize: 100 });
    expect(await names(lister, {}, stats)).toEqual(byteOrder(files));
    expect(stats.maxPending).toBeLessThanOrEqual(2);
    expect(stats.maxDepth).toBe(1);
    expect(stats.directoriesListed).toBe(4); // root, p/, p-00001x/, q/
  });

  it('agrees with byte order on random trees of awkward names', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'b', '-', '.', ' ', '+', '%', '\u00e9', '/'];
    for (let round = 0; round < 50; round++) {
      const files = new Set<string>();
      while (files.size < 40) {
        let name = '';
        const length = 1 + Math.floor(random() * 8);
        for (let index = 0; index < length; index++)
          name += alphabet[Math.floor(random() * alphabet.length)];
        // Valid paths only: no empty segment, and no file where a directory is.
        if (name.split('/').some((segment) => segment === '')) continue;
        files.add(name);
      }
      const valid = [...files].filter(
        (file) => ![...files].some((other) => other.startsWith(`${file}/`)),
      );
      for (const order of ['name', 'key'] as const) {
        const stats = newStats();
        const lister = fakeLister(valid, { order, pageSize: 1 + Math.floor(random() * 4) });
        expect(await names(lister, {}, stats)).toEqual(byteOrder(valid));
      }
    }
  });
});
