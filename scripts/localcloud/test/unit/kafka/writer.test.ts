/**
 * The response writer, read back with the request reader: fields keep their values across the
 * scratch buffer's refills, values larger than a scratch buffer are whole, and stored batches
 * are passed by reference.
 */
import { KafkaReader } from '../../../src/kafka/protocol/reader';
import { KafkaWriter } from '../../../src/kafka/protocol/writer';

it('reads back every field of a body far larger than one scratch buffer', () => {
  const writer = new KafkaWriter();
  const longText = 'ü'.repeat(3_000); // 6,000 bytes of UTF-8
  const bigBytes = Buffer.alloc(9_000, 7);
  writer.int16(-2);
  for (let index = 0; index < 2_000; index += 1) writer.int32(index * 3 - 1).int8(index % 100);
  writer.string(longText).int64(-5n).nullableBytes(bigBytes).nullableString(null).boolean(true);
  writer.array(['a', 'bc'], (out, item) => out.string(item));

  const reader = new KafkaReader(Buffer.concat(writer.toChunks()));
  expect(reader.int16()).toBe(-2);
  for (let index = 0; index < 2_000; index += 1) {
    expect(reader.int32()).toBe(index * 3 - 1);
    expect(reader.int8()).toBe(index % 100);
  }
  expect(reader.string()).toBe(longText);
  expect(reader.int64()).toBe(-5n);
  expect(reader.nullableBytes()?.equals(bigBytes)).toBe(true);
  expect(reader.nullableString()).toBeNull();
  expect(reader.boolean()).toBe(true);
  expect(reader.array((item) => item.string())).toEqual(['a', 'bc']);
  expect(reader.remaining).toBe(0);
});

it('passes stored batches through by reference, with their total length before them', () => {
  const first = Buffer.from('first batch');
  const second = Buffer.from('second');
  const chunks = new KafkaWriter().int32(9).bytesOf([first, second]).int16(1).toChunks();
  expect(chunks).toContain(first);
  expect(chunks).toContain(second);
  const reader = new KafkaReader(Buffer.concat(chunks));
  expect(reader.int32()).toBe(9);
  expect(reader.bytes().toString()).toBe('first batchsecond');
  expect(reader.int16()).toBe(1);
});
