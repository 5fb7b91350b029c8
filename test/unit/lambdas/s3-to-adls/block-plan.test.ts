import {
  MIB,
  PUT_BLOB_FROM_URL_MAX_BYTES,
  blockId,
  planServerSideCopy,
  splitRanges,
} from '../../../../lambdas/s3-to-adls/block-plan';

const SOURCE = { versionId: 'v1', etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 10 * MIB };

describe('splitRanges', () => {
  it('covers the object with consecutive ranges, the last one short', () => {
    expect(splitRanges(10, 4)).toEqual([
      { index: 0, offset: 0, count: 4 },
      { index: 1, offset: 4, count: 4 },
      { index: 2, offset: 8, count: 2 },
    ]);
  });

  it('has no ranges for an empty object', () => expect(splitRanges(0, 4)).toEqual([]));
});

describe('blockId', () => {
  it('is the same for the same source, block size and index', () => {
    expect(blockId(SOURCE, 4 * MIB, 7)).toBe(blockId({ ...SOURCE }, 4 * MIB, 7));
  });

  it('has the same length for every index (Azure requires it)', () => {
    const lengths = new Set([0, 1, 9, 10, 999, 49_999].map((i) => blockId(SOURCE, MIB, i).length));
    expect(lengths.size).toBe(1);
    expect(Buffer.from(blockId(SOURCE, MIB, 0), 'base64').length).toBeLessThanOrEqual(64);
  });

  it('differs by index, version, ETag, size and block size', () => {
    const ids = [
      blockId(SOURCE, MIB, 0),
      blockId(SOURCE, MIB, 1),
      blockId({ ...SOURCE, versionId: 'v2' }, MIB, 0),
      blockId({ ...SOURCE, etag: 'other' }, MIB, 0),
      blockId({ ...SOURCE, size: SOURCE.size + 1 }, MIB, 0),
      blockId(SOURCE, 2 * MIB, 0),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses an index beyond Put Block List’s 50,000 blocks', () => {
    expect(() => blockId(SOURCE, MIB, 50_000)).toThrow(RangeError);
  });
});

describe('planServerSideCopy', () => {
  it('uses one Put Blob From URL up to 5000 MiB by default', () => {
    expect(planServerSideCopy({ ...SOURCE, size: PUT_BLOB_FROM_URL_MAX_BYTES }, 100 * MIB)).toEqual(
      {
        method: 'put-blob-from-url',
      },
    );
  });

  it('uses blocks above 5000 MiB', () => {
    const plan = planServerSideCopy(
      { ...SOURCE, size: PUT_BLOB_FROM_URL_MAX_BYTES + 1 },
      100 * MIB,
    );
    expect(plan.method === 'blocks' && plan.blocks.length).toBe(51);
  });

  it('uses blocks above an injected threshold, with ids matching blockId', () => {
    const plan = planServerSideCopy(SOURCE, 4 * MIB, MIB);

    expect(plan.method).toBe('blocks');
    const blocks = plan.method === 'blocks' ? plan.blocks : [];
    expect(blocks.map(({ offset, count }) => [offset, count])).toEqual([
      [0, 4 * MIB],
      [4 * MIB, 4 * MIB],
      [8 * MIB, 2 * MIB],
    ]);
    expect(blocks.map((block) => block.id)).toEqual(
      [0, 1, 2].map((i) => blockId(SOURCE, 4 * MIB, i)),
    );
  });

  it('refuses an object that needs more than 50,000 blocks', () => {
    expect(() => planServerSideCopy({ ...SOURCE, size: 50_001 * MIB }, MIB, 0)).toThrow(
      /Azure allows 50000/,
    );
  });
});
