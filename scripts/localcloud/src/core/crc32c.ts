/**
 * CRC-32C (Castagnoli): S3's `x-amz-checksum-crc32c` and the checksum of a Kafka record batch
 * (magic 2). Node.js's zlib.crc32 is the IEEE polynomial, a different checksum, so the table is
 * built here.
 */
const POLYNOMIAL = 0x82f63b78; // reflected

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte += 1) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
