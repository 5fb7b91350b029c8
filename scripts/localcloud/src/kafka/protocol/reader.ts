/**
 * Reads the Kafka protocol's primitive types from one request body, big-endian, as the
 * protocol guide defines them. Reading past the end throws MalformedRequestError: the connection
 * that sent it is closed, as a broker does with a request it cannot parse.
 */
export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}

export class KafkaReader {
  constructor(
    private readonly buffer: Buffer,
    private offset = 0,
  ) {}

  /**
   * A reader of the rest of the request from here that moves on its own: a request read more
   * than once (the topics an injected fault is aimed at, then the handler's own reading).
   */
  fork(): KafkaReader {
    return new KafkaReader(this.buffer, this.offset);
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private take(length: number): number {
    if (length < 0 || this.offset + length > this.buffer.length)
      throw new MalformedRequestError(
        `the request ends at byte ${this.buffer.length}; ${length} more were expected at ${this.offset}`,
      );
    const at = this.offset;
    this.offset += length;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.take(8));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    return this.buffer.toString('utf8', this.take(length), this.offset);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedRequestError('a required string is null');
    return value;
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length === -1) return null;
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** An array (int32 count); null (-1) reads as null. */
  nullableArray<T>(element: (reader: KafkaReader) => T): T[] | null {
    const count = this.int32();
    if (count === -1) return null;
    if (count < 0 || count > this.remaining)
      throw new MalformedRequestError(`an array claims ${count} elements`);
    return Array.from({ length: count }, () => element(this));
  }

  array<T>(element: (reader: KafkaReader) => T): T[] {
    return this.nullableArray(element) ?? [];
  }

  /** Unsigned varint (flexible versions' lengths and tag counts). */
  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new MalformedRequestError('a varint runs past 5 bytes');
  }

  /** Skips a flexible version's tagged fields. */
  taggedFields(): void {
    const count = this.unsignedVarint();
    for (let index = 0; index < count; index += 1) {
      this.unsignedVarint();
      this.take(this.unsignedVarint());
    }
  }

  /** A flexible version's nullable string: unsigned varint length + 1. */
  compactNullableString(): string | null {
    const lengthPlusOne = this.unsignedVarint();
    if (lengthPlusOne === 0) return null;
    return this.buffer.toString('utf8', this.take(lengthPlusOne - 1), this.offset);
  }
}
