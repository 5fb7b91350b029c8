/**
 * Record batches checked against an independent encoder: kafkajs's own RecordBatch (magic 2),
 * the bytes its producer sends.
 */
import { crc32c } from '../../../src/core/crc32c';
import {
  InvalidBatchError,
  readProducedBatches,
  withBaseOffset,
} from '../../../src/kafka/record-batch';
import { MessageTooLargeError, TopicLog } from '../../../src/kafka/topic-log';

interface KafkajsEncoder {
  readonly buffer: Buffer;
}
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's encoders are not exported */
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: Record<string, unknown>) => Promise<KafkajsEncoder>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (
  record: Record<string, unknown>,
) => unknown;
const { Types } = require('kafkajs/src/protocol/message/compression') as {
  Types: { None: number; GZIP: number };
};
/* eslint-enable @typescript-eslint/no-require-imports */

const Long = require('kafkajs/src/utils/long') as { fromValue(value: number): unknown }; // eslint-disable-line @typescript-eslint/no-require-imports

async function kafkajsBatch(
  values: string[],
  compression = Types.None,
  idempotent?: { producerId: number; firstSequence: number },
): Promise<Buffer> {
  const records = values.map((value, offsetDelta) => Record({ offsetDelta, key: null, value }));
  const encoded = await RecordBatch({
    ...(idempotent && {
      producerId: Long.fromValue(idempotent.producerId),
      firstSequence: idempotent.firstSequence,
    }),
    compression,
    firstTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_500,
    lastOffsetDelta: values.length - 1,
    records,
  });
  return Buffer.from(encoded.buffer);
}

describe('crc32c', () => {
  it('is CRC-32C (Castagnoli): the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('matches the iSCSI test vectors of RFC 3720 (B.4), eight bytes at a time and the tail', () => {
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => index)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => 31 - index)))).toBe(
      0x113fdb5c,
    );
  });

  it('gives the same checksum as the bit-by-bit definition for every length up to 64', () => {
    const bitwise = (bytes: Uint8Array) => {
      let crc = 0xffffffff;
      for (const byte of bytes) {
        crc ^= byte;
        for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    const bytes = Buffer.from(Array.from({ length: 64 }, (_, index) => (index * 151 + 7) & 0xff));
    for (let length = 0; length <= 64; length += 1)
      expect(crc32c(bytes.subarray(0, length))).toBe(bitwise(bytes.subarray(0, length)));
  });
});

describe('readProducedBatches', () => {
  it('reads a batch as kafkajs sends it, plain or gzip, without decoding the records', async () => {
    for (const compression of [Types.None, Types.GZIP]) {
      const bytes = await kafkajsBatch(['a', 'b', 'c'], compression);
      const [batch, ...rest] = readProducedBatches(bytes);
      expect(rest).toEqual([]);
      expect(batch).toMatchObject({
        lastOffsetDelta: 2,
        maxTimestamp: 1_700_000_000_500,
        producerId: -1n,
        baseSequence: 0,
      });
      expect(batch?.bytes.equals(bytes)).toBe(true);
    }
  });

  it('splits records holding several batches', async () => {
    const both = Buffer.concat([await kafkajsBatch(['a']), await kafkajsBatch(['b', 'c'])]);
    expect(readProducedBatches(both).map((batch) => batch.lastOffsetDelta)).toEqual([0, 1]);
  });

  it('refuses a batch whose bytes the CRC does not cover, another magic, or a cut frame', async () => {
    const bytes = await kafkajsBatch(['a', 'b']);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 1]! ^= 0xff;
    expect(() => readProducedBatches(flipped)).toThrow(/CRC/);
    let refused: unknown;
    try {
      readProducedBatches(flipped);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ corrupt: true }); // CORRUPT_MESSAGE, not INVALID_RECORD
    const magicOne = Buffer.from(bytes);
    magicOne.writeInt8(1, 16);
    expect(() => readProducedBatches(magicOne)).toThrow(/magic 1/);
    expect(() => readProducedBatches(bytes.subarray(0, bytes.length - 1))).toThrow(
      InvalidBatchError,
    );
    expect(() => readProducedBatches(bytes.subarray(0, 30))).toThrow(/cannot hold a batch header/);
    expect(() => readProducedBatches(Buffer.alloc(0))).toThrow(/no record batch/);
  });

  it('gives a batch its offset in bytes the CRC does not cover, so it stays valid', async () => {
    const bytes = await kafkajsBatch(['a']);
    const stored = withBaseOffset(bytes, 41);
    expect(stored.readBigInt64BE(0)).toBe(41n);
    expect(stored.subarray(8).equals(bytes.subarray(8))).toBe(true);
    expect(() => readProducedBatches(stored)).not.toThrow();
  });
});

describe('TopicLog', () => {
  it('gives consecutive offsets and reads from the batch holding an offset', async () => {
    const log = new TopicLog();
    log.createTopic('t', { partitions: 1 });
    expect(log.append('t', 0, await kafkajsBatch(['a', 'b', 'c']))).toBe(0);
    expect(log.append('t', 0, await kafkajsBatch(['d']))).toBe(3);
    const partition = log.partition('t', 0)!;
    expect(partition.logEndOffset).toBe(4);
    expect(partition.read(1, 1 << 20, true).map((bytes) => bytes.readBigInt64BE(0))).toEqual([
      0n,
      3n,
    ]);
    expect(partition.read(3, 1 << 20, true).map((bytes) => bytes.readBigInt64BE(0))).toEqual([3n]);
    expect(partition.read(4, 1 << 20, true)).toEqual([]);
    // One byte of room still returns the first batch when allowed: a consumer must be able to
    // move on (KIP-74); otherwise nothing that does not fit.
    expect(partition.read(0, 1, true)).toHaveLength(1);
    expect(partition.read(0, 1, false)).toEqual([]);
  });

  it('refuses a batch over the limit, and more than one batch for a partition, storing nothing', async () => {
    const log = new TopicLog();
    log.createTopic('t', { partitions: 1, maxMessageBytes: 100 });
    const large = await kafkajsBatch(['x'.repeat(200)]);
    expect(() => log.append('t', 0, large)).toThrow(MessageTooLargeError);
    const two = Buffer.concat([await kafkajsBatch(['a']), await kafkajsBatch(['b'])]);
    expect(() => log.append('t', 0, two)).toThrow(/2 batches for one partition/);
    expect(log.partition('t', 0)?.logEndOffset).toBe(0);
  });

  it('stores a batch an idempotent producer sends again once, and answers its first offset', async () => {
    const log = new TopicLog();
    log.createTopic('t', { partitions: 1 });
    const first = await kafkajsBatch(['a', 'b'], Types.None, {
      producerId: 1000,
      firstSequence: 0,
    });
    const second = await kafkajsBatch(['c'], Types.None, { producerId: 1000, firstSequence: 2 });
    expect(log.append('t', 0, first)).toBe(0);
    expect(log.append('t', 0, second)).toBe(2);
    expect(log.append('t', 0, first)).toBe(0);
    expect(log.partition('t', 0)?.logEndOffset).toBe(3);
    const gap = await kafkajsBatch(['d'], Types.None, { producerId: 1000, firstSequence: 9 });
    expect(() => log.append('t', 0, gap)).toThrow(/9; 3 was expected/);
  });

  it('refuses topic names and partition counts Kafka refuses', () => {
    const log = new TopicLog();
    expect(() => log.createTopic('has space', { partitions: 1 })).toThrow(/not a legal topic name/);
    expect(() => log.createTopic('t', { partitions: 0 })).toThrow(/at least one partition/);
    log.createTopic('t', { partitions: 1 });
    expect(() => log.createTopic('t', { partitions: 2 })).toThrow(/already exists/);
  });
});
