/**
 * Takes parts of exact lengths from a byte stream, without buffering a part: each part is itself
 * a stream that pulls from the source as its consumer reads it, and a part must be read to its
 * end before the next is taken. The streaming copy takes one part per ranged GET, exactly the
 * range's length, then checks that the GET sent nothing more (`exhausted`).
 */
import { Readable } from 'node:stream';
import { SourceChangedError } from './errors';

export class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private leftover: Buffer | undefined;

  constructor(
    source: AsyncIterable<Buffer | Uint8Array>,
    private readonly describe: string,
  ) {
    const iterator = source[Symbol.asyncIterator]();
    this.chunks = {
      next: async () => {
        const next = await iterator.next();
        if (next.done) return next;
        const { value } = next;
        // A view, not a copy: every byte of the object passes here.
        const chunk = Buffer.isBuffer(value)
          ? value
          : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        return { done: false, value: chunk };
      },
    };
  }

  /**
   * The next `count` bytes as a stream, each chunk passed to `observe` first (in source order).
   * A source that ends early fails the part with SourceChangedError.
   */
  take(count: number, observe: (chunk: Buffer) => void): Readable {
    const generator = async function* (reader: ByteReader): AsyncGenerator<Buffer> {
      let remaining = count;
      while (remaining > 0) {
        let chunk = reader.leftover;
        reader.leftover = undefined;
        if (chunk === undefined) {
          const next = await reader.chunks.next();
          if (next.done)
            throw new SourceChangedError(`${reader.describe} ended ${remaining} bytes early`);
          chunk = next.value;
        }
        if (chunk.length > remaining) {
          reader.leftover = chunk.subarray(remaining);
          chunk = chunk.subarray(0, remaining);
        }
        remaining -= chunk.length;
        observe(chunk);
        yield chunk;
      }
    };
    return Readable.from(generator(this), { objectMode: false });
  }

  /** True when the source has no bytes left (a longer source than announced is a change). */
  async exhausted(): Promise<boolean> {
    if (this.leftover !== undefined && this.leftover.length > 0) return false;
    const next = await this.chunks.next();
    return next.done === true || next.value.length === 0;
  }
}
