/**
 * CRC-32C (Castagnoli): S3's `x-amz-checksum-crc32c` and the checksum of a Kafka record batch
 * (magic 2). Node.js's zlib.crc32 is the IEEE polynomial, a different checksum, so the tables are
 * built here. Eight bytes are folded per step with eight tables ("slicing-by-8"): every byte of
 * a produced Kafka batch goes through this, and a byte at a time is about twenty times slower.
 */
const POLYNOMIAL = 0x82f63b78; // reflected

/** TABLES[k][b]: the CRC of byte b followed by k zero bytes. */
const TABLES = (() => {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let byte = 0; byte < 256; byte += 1) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[0]![byte] = crc;
  }
  for (let byte = 0; byte < 256; byte += 1)
    for (let k = 1; k < 8; k += 1) {
      const previous = tables[k - 1]![byte]!;
      tables[k]![byte] = tables[0]![previous & 0xff]! ^ (previous >>> 8);
    }
  return tables as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
})();

export function crc32c(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let crc = -1;
  let index = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; index < end8; index += 8) {
    const low =
      crc ^
      (bytes[index]! |
        (bytes[index + 1]! << 8) |
        (bytes[index + 2]! << 16) |
        (bytes[index + 3]! << 24));
    crc =
      t7[low & 0xff]! ^
      t6[(low >>> 8) & 0xff]! ^
      t5[(low >>> 16) & 0xff]! ^
      t4[low >>> 24]! ^
      t3[bytes[index + 4]!]! ^
      t2[bytes[index + 5]!]! ^
      t1[bytes[index + 6]!]! ^
      t0[bytes[index + 7]!]!;
  }
  for (; index < bytes.length; index += 1) crc = t0[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
