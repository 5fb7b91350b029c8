import { Readable } from 'node:stream';
import { ByteReader } from '../../../../lambdas/s3-to-adls/byte-reader';
import { SourceChangedError } from '../../../../lambdas/s3-to-adls/errors';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A source that delivers `text` in chunks of the given sizes. */
function source(text: string, chunkSizes: number[]): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const size of chunkSizes) {
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < bytes.length) chunks.push(bytes.subarray(offset));
  return Readable.from(chunks);
}

describe('ByteReader', () => {
  it('cuts parts of exact lengths across chunk boundaries, observing every byte in order', async () => {
    const reader = new ByteReader(source('abcdefghij', [3, 3, 4]), 'test source');
    const observed: string[] = [];

    const parts = [];
    for (const count of [4, 4, 2])
      parts.push(
        (await read(reader.take(count, (chunk) => observed.push(chunk.toString())))).toString(),
      );

    expect(parts).toEqual(['abcd', 'efgh', 'ij']);
    expect(observed.join('')).toBe('abcdefghij');
    expect(await reader.exhausted()).toBe(true);
  });

  it('fails a part when the source ends early', async () => {
    const reader = new ByteReader(source('abc', [3]), 'test source');

    await expect(read(reader.take(5, () => undefined))).rejects.toThrow(
      new SourceChangedError('test source ended 2 bytes early'),
    );
  });

  it('reports bytes beyond the announced length', async () => {
    const reader = new ByteReader(source('abcdef', [6]), 'test source');

    await read(reader.take(4, () => undefined));

    expect(await reader.exhausted()).toBe(false);
  });
});
