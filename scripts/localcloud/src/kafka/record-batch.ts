/**
 * Record batches (magic 2) as a producer sends them: the broker checks each one and stores it as
 * it came, giving it offsets by rewriting its first eight bytes (baseOffset), which the CRC does
 * not cover. Records are never decoded here, so any codec a client uses is kept as sent.
 */
import { crc32c } from '../core/crc32c';

/** Bytes before the first record: baseOffset … recordsCount. */
export const BATCH_HEADER_BYTES = 61;
/** baseOffset (8) and batchLength (4): what batchLength does not count. */
const LOG_OVERHEAD = 12;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;

export interface ProducedBatch {
  /** The batch's bytes, baseOffset included. */
  readonly bytes: Buffer;
  /** Records in the batch, less one: the offsets it takes are base … base + lastOffsetDelta. */
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

/**
 * Why a partition's records were refused. `corrupt` is a CRC mismatch (CORRUPT_MESSAGE); anything
 * else is a batch Kafka refuses as INVALID_RECORD.
 */
export class InvalidBatchError extends Error {
  override readonly name = 'InvalidBatchError';

  constructor(
    message: string,
    readonly corrupt = false,
  ) {
    super(message);
  }
}

/** Splits `records` into batches, checking each: framing, magic, CRC-32C, record count. */
export function readProducedBatches(records: Buffer): ProducedBatch[] {
  const batches: ProducedBatch[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH_HEADER_BYTES)
      throw new InvalidBatchError(`${records.length - at} bytes cannot hold a batch header`);
    const batchLength = records.readInt32BE(at + 8);
    const end = at + LOG_OVERHEAD + batchLength;
    if (batchLength < BATCH_HEADER_BYTES - LOG_OVERHEAD || end > records.length)
      throw new InvalidBatchError(`a batch claims ${batchLength} bytes`);
    const magic = records.readInt8(at + 16);
    if (magic !== 2) throw new InvalidBatchError(`magic ${magic}: only record batches v2 are kept`);
    const bytes = records.subarray(at, end);
    if (crc32c(bytes.subarray(ATTRIBUTES_OFFSET)) !== bytes.readUInt32BE(CRC_OFFSET))
      throw new InvalidBatchError('the batch CRC does not match its bytes', true);
    const lastOffsetDelta = bytes.readInt32BE(23);
    const recordsCount = bytes.readInt32BE(57);
    if (lastOffsetDelta < 0 || recordsCount !== lastOffsetDelta + 1)
      throw new InvalidBatchError(
        `${recordsCount} records with last offset delta ${lastOffsetDelta}`,
      );
    batches.push({
      bytes,
      lastOffsetDelta,
      maxTimestamp: Number(bytes.readBigInt64BE(35)),
      producerId: bytes.readBigInt64BE(43),
      producerEpoch: bytes.readInt16BE(51),
      baseSequence: bytes.readInt32BE(53),
    });
    at = end;
  }
  if (batches.length === 0) throw new InvalidBatchError('no record batch');
  return batches;
}

/** The one batch of a partition in a Produce request: since v3, Kafka takes exactly one. */
export function readProducedBatch(records: Buffer): ProducedBatch {
  const [batch, ...more] = readProducedBatches(records);
  if (more.length > 0)
    throw new InvalidBatchError(`${more.length + 1} batches for one partition: one is allowed`);
  return batch!;
}

/** A copy of `bytes` whose baseOffset is `baseOffset`: what the log stores and fetches return. */
export function withBaseOffset(bytes: Buffer, baseOffset: number): Buffer {
  const stored = Buffer.from(bytes);
  stored.writeBigInt64BE(BigInt(baseOffset), 0);
  return stored;
}
