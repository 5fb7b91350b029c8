/** Writes the Kafka protocol's primitive types, big-endian, into one growing response body. */
export class KafkaWriter {
  private readonly chunks: Buffer[] = [];

  private fixed(length: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.allocUnsafe(length);
    write(buffer);
    this.chunks.push(buffer);
    return this;
  }

  int8(value: number): this {
    return this.fixed(1, (buffer) => buffer.writeInt8(value));
  }

  int16(value: number): this {
    return this.fixed(2, (buffer) => buffer.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.fixed(4, (buffer) => buffer.writeInt32BE(value));
  }

  int64(value: bigint): this {
    return this.fixed(8, (buffer) => buffer.writeBigInt64BE(value));
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    this.chunks.push(bytes);
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  /** Bytes with an int32 length; null writes -1. */
  nullableBytes(value: Uint8Array | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    this.chunks.push(Buffer.from(value.buffer, value.byteOffset, value.length));
    return this;
  }

  /** Several stored buffers as one BYTES field, without copying them together first. */
  bytesOf(parts: readonly Buffer[]): this {
    this.int32(parts.reduce((sum, part) => sum + part.length, 0));
    this.chunks.push(...parts);
    return this;
  }

  array<T>(items: readonly T[], element: (writer: this, item: T, index: number) => void): this {
    this.int32(items.length);
    items.forEach((item, index) => element(this, item, index));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
