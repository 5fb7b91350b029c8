/**
 * The flexible checksums S3 accepts (`x-amz-checksum-<algorithm>`, base64 of the big-endian
 * digest). The SDK sends CRC32 by default on every upload; the others on request.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32c } from '../../core/crc32c';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The digest bytes of `data` under `algorithm`. */
export function checksumBytes(algorithm: ChecksumAlgorithm, data: Buffer): Buffer {
  switch (algorithm) {
    case 'CRC32':
      return uint32(crc32(data));
    case 'CRC32C':
      return uint32(crc32c(data));
    case 'CRC64NVME':
      return uint64(crc64nvme(data));
    case 'SHA1':
      return createHash('sha1').update(data).digest();
    case 'SHA256':
      return createHash('sha256').update(data).digest();
  }
}

export function checksumBase64(algorithm: ChecksumAlgorithm, data: Buffer): string {
  return checksumBytes(algorithm, data).toString('base64');
}

/**
 * A multipart object's checksum when parts carry their own: the checksum of the concatenated
 * part checksums, suffixed with the part count (S3's COMPOSITE type).
 */
export function compositeChecksum(
  algorithm: ChecksumAlgorithm,
  partChecksums: readonly string[],
): string {
  const joined = Buffer.concat(partChecksums.map((value) => Buffer.from(value, 'base64')));
  return `${checksumBase64(algorithm, joined)}-${partChecksums.length}`;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function uint64(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(value);
  return buffer;
}

/** CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones. */
const CRC64_TABLE = (() => {
  const table: bigint[] = [];
  const polynomial = 0x9a6c9329ac4bc9b5n;
  for (let n = 0n; n < 256n; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1n ? polynomial ^ (c >> 1n) : c >> 1n;
    table.push(c);
  }
  return table;
})();

export function crc64nvme(data: Buffer): bigint {
  const mask = 0xffffffffffffffffn;
  let crc = mask;
  for (const byte of data) crc = CRC64_TABLE[Number((crc ^ BigInt(byte)) & 0xffn)]! ^ (crc >> 8n);
  return (crc ^ mask) & mask;
}
