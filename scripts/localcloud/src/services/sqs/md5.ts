/**
 * The digests SQS returns so clients can check what it stored. The SDK verifies MD5OfMessageBody
 * on every send and receive, so these must match AWS byte for byte.
 */
import { createHash } from 'node:crypto';

/** A message attribute as stored: binary values kept as base64, the way they travel in JSON. */
export interface StoredAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * AWS's attribute digest: for each attribute in name order, the name, the data type and the
 * value, each as a 4-byte big-endian length followed by its bytes, with a transport byte
 * (1 = string, 2 = binary) before the value. Undefined when there is no attribute.
 */
export function md5OfAttributes(
  attributes: Readonly<Record<string, StoredAttribute>>,
): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const attribute = attributes[name]!;
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    } else {
      parts.push(
        Buffer.from([1]),
        lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')),
      );
    }
  }
  return md5Hex(Buffer.concat(parts));
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
