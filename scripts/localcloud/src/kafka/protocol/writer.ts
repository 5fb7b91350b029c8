/**
 * Writes the Kafka protocol's primitive types, big-endian, into one response body. Small fields
 * go into a scratch buffer; stored record batches (`bytesOf`) are kept by reference, so a Fetch
 * response reaches the socket without its records being copied (`toChunks`).
 */
const SCRATCH_BYTES = 4_096;

export class KafkaWriter {
  private readonly chunks: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  private used = 0;

  /** Room for `length` more bytes in the scratch buffer, starting a new one when full. */
  private room(length: number): number {
    if (this.used + length > this.scratch.length) {
      this.flush();
      this.scratch = Buffer.allocUnsafe(Math.max(SCRATCH_BYTES, length));
    }
    const at = this.used;
    this.used += length;
    return at;
  }

  private flush(): void {
    if (this.used > 0) this.chunks.push(this.scratch.subarray(0, this.used));
    this.scratch = this.scratch.subarray(this.used);
    this.used = 0;
  }

  // Each write takes its place first and reads `this.scratch` after: room() may replace the
  // scratch buffer, and `this.scratch.write…(value, this.room(n))` would write into the old one.
  int8(value: number): this {
    const at = this.room(1);
    this.scratch.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.room(2);
    this.scratch.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.room(4);
    this.scratch.writeInt32BE(value, at);
    return this;
  }

  int64(value: bigint): this {
    const at = this.room(8);
    this.scratch.writeBigInt64BE(value, at);
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value, 'utf8');
    this.int16(length);
    const at = this.room(length);
    this.scratch.write(value, at, 'utf8');
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  /** Bytes with an int32 length; null writes -1. */
  nullableBytes(value: Uint8Array | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    const at = this.room(value.length);
    this.scratch.set(value, at);
    return this;
  }

  /** Several stored buffers as one BYTES field, kept by reference (never copied here). */
  bytesOf(parts: readonly Buffer[]): this {
    this.int32(parts.reduce((sum, part) => sum + part.length, 0));
    if (parts.length === 0) return this;
    this.flush();
    this.chunks.push(...parts);
    return this;
  }

  array<T>(items: readonly T[], element: (writer: this, item: T, index: number) => void): this {
    this.int32(items.length);
    items.forEach((item, index) => element(this, item, index));
    return this;
  }

  /** The body as written, in pieces: small fields together, stored batches as they are. */
  toChunks(): Buffer[] {
    this.flush();
    return [...this.chunks];
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.toChunks());
  }
}
