import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AzureClients } from '../../../../lambdas/s3-to-adls/adls-target';
import type { ByteRange } from '../../../../lambdas/s3-to-adls/block-plan';
import { SourceChangedError, VerificationError } from '../../../../lambdas/s3-to-adls/errors';
import type { SourceObject } from '../../../../lambdas/s3-to-adls/source';
import {
  MAX_HELD_FOR_DIGEST_BYTES,
  copyStreaming,
  streamingWindow,
} from '../../../../lambdas/s3-to-adls/streaming-copy';
import { noTracing } from '../../../../lambdas/s3-to-adls/tracing';

const BLOCK = 4;
/** 10 ranges of 4 bytes and one of 2. */
const BYTES = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEF');
const MIB = 1024 * 1024;

function sourceOf(bytes: Buffer, withMd5: boolean): SourceObject {
  const md5 = createHash('md5').update(bytes).digest();
  return {
    bucket: 'raw',
    key: 'web_logs/object.json',
    etag: `${md5.toString('hex')}-2`,
    size: bytes.length,
    userMetadata: {},
    ...(withMd5 && { md5 }),
  };
}

/** Settles every pending continuation (no timers: the fakes answer on release). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * An ADLS file that records appends by position and holds each one open until released (or
 * answers at once with `autoRelease`), so the test sees how many are in flight.
 */
class FakeFile {
  readonly appended = new Map<number, Buffer>();
  readonly flushes: { position: number; contentMD5?: Uint8Array }[] = [];
  readonly waiting: (() => void)[] = [];
  inFlight = 0;
  mostInFlight = 0;
  failAt: number | undefined;

  constructor(private readonly autoRelease: boolean) {}

  create = () => Promise.resolve({});

  append = async (body: () => Readable, offset: number, length: number): Promise<object> => {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of body()) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      if (data.length !== length) throw new Error(`append of ${data.length} bytes, not ${length}`);
      if (offset === this.failAt) throw new Error(`ServerBusy at ${offset}`);
      if (!this.autoRelease) await new Promise<void>((release) => this.waiting.push(release));
      this.appended.set(offset, data);
      return {};
    } finally {
      this.inFlight -= 1;
    }
  };

  flush = (position: number, options: { pathHttpHeaders?: { contentMD5?: Uint8Array } }) => {
    this.flushes.push({ position, contentMD5: options.pathHttpHeaders?.contentMD5 });
    return Promise.resolve({ etag: '"0x8DFLUSHED"' });
  };

  /** The appended data in position order. */
  content(): Buffer {
    return Buffer.concat([...this.appended.entries()].sort(([a], [b]) => a - b).map(([, d]) => d));
  }
}

function copy(
  file: FakeFile,
  source: SourceObject,
  options: { concurrency?: number; rangeBytes?: (range: ByteRange) => Buffer } = {},
) {
  const opened: number[] = [];
  const clients = {
    dataLake: { getFileSystemClient: () => ({ getFileClient: () => file }) },
  } as unknown as AzureClients;
  const result = copyStreaming({
    clients,
    fileSystem: 'raw',
    tempPath: '_transfer-tmp/abc',
    source,
    metadata: {},
    blockSizeBytes: BLOCK,
    concurrency: options.concurrency ?? 3,
    tracing: noTracing,
    openRange: (range) => {
      opened.push(range.index);
      const bytes =
        options.rangeBytes?.(range) ?? BYTES.subarray(range.offset, range.offset + range.count);
      // Two chunks per range, as a socket would deliver them.
      return Promise.resolve(Readable.from([bytes.subarray(0, 1), bytes.subarray(1)]));
    },
  });
  return { result, opened };
}

describe('copyStreaming', () => {
  it.each([true, false])(
    'appends every range at its position and flushes once at the size (MD5 known: %s)',
    async (withMd5) => {
      const file = new FakeFile(true);

      const { result } = copy(file, sourceOf(BYTES, withMd5));

      await expect(result).resolves.toEqual({ bytes: BYTES.length, etag: '"0x8DFLUSHED"' });
      expect([...file.appended.keys()].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 11 }, (_, i) => i * BLOCK),
      );
      expect(file.content().equals(BYTES)).toBe(true);
      expect(file.flushes).toHaveLength(1);
      expect(file.flushes[0]!.position).toBe(BYTES.length);
      expect(file.flushes[0]!.contentMD5 && Buffer.from(file.flushes[0]!.contentMD5)).toEqual(
        withMd5 ? sourceOf(BYTES, true).md5 : undefined,
      );
    },
  );

  it('keeps at most `concurrency` ranges in flight, and starts the next as one completes', async () => {
    const file = new FakeFile(false);

    const { result, opened } = copy(file, sourceOf(BYTES, false), { concurrency: 3 });
    await settle();
    const inFlightAtFirst = file.inFlight;
    const openedAtFirst = [...opened];
    file.waiting.shift()!();
    await settle();
    const openedAfterOne = [...opened];
    while (file.appended.size < 11) {
      file.waiting.shift()?.();
      await settle();
    }
    await result;

    expect(inFlightAtFirst).toBe(3);
    expect(openedAtFirst).toEqual([0, 1, 2]);
    expect(openedAfterOne).toEqual([0, 1, 2, 3]);
    expect(file.mostInFlight).toBe(3);
    expect(opened).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('stops at a failed append: no range is started after it, and nothing is flushed', async () => {
    const file = new FakeFile(true);
    file.failAt = 2 * BLOCK;

    const { result, opened } = copy(file, sourceOf(BYTES, true), { concurrency: 2 });

    await expect(result).rejects.toThrow(`ServerBusy at ${2 * BLOCK}`);
    expect(file.flushes).toEqual([]);
    // The window (2 wide) never passes the failed range 2: range 4 is never asked for.
    expect(opened.slice(0, 3)).toEqual([0, 1, 2]);
    expect(Math.max(...opened)).toBeLessThanOrEqual(3);
  });

  it('fails with SourceChangedError, flushing nothing, when a range is shorter than asked', async () => {
    const file = new FakeFile(true);

    const { result } = copy(file, sourceOf(BYTES, false), {
      rangeBytes: (range) =>
        BYTES.subarray(range.offset, range.offset + range.count - (range.index === 4 ? 1 : 0)),
    });

    await expect(result).rejects.toBeInstanceOf(SourceChangedError);
    expect(file.flushes).toEqual([]);
  });

  it('fails with SourceChangedError when a range is longer than asked', async () => {
    const file = new FakeFile(true);

    const { result } = copy(file, sourceOf(BYTES, false), {
      rangeBytes: (range) => BYTES.subarray(range.offset, range.offset + range.count + 1),
    });

    await expect(result).rejects.toBeInstanceOf(SourceChangedError);
    expect(file.flushes).toEqual([]);
  });

  it('fails with VerificationError, flushing nothing, when the bytes do not match the MD5', async () => {
    const file = new FakeFile(true);
    const other = Buffer.from(BYTES).fill(0x2e, 10, 11);

    const { result } = copy(file, sourceOf(other, true));

    await expect(result).rejects.toBeInstanceOf(VerificationError);
    expect(file.flushes).toEqual([]);
  });
});

describe('streamingWindow', () => {
  it('is the configured concurrency when nothing is hashed', () => {
    expect(streamingWindow(16, 100 * MIB, false)).toBe(16);
  });

  it('narrows while hashing, so the MD5 never holds more than its limit', () => {
    expect(MAX_HELD_FOR_DIGEST_BYTES).toBe(64 * MIB);
    expect(streamingWindow(16, 4 * MIB, true)).toBe(16);
    expect(streamingWindow(16, 8 * MIB, true)).toBe(9);
    expect(streamingWindow(16, 100 * MIB, true)).toBe(1);
  });
});
