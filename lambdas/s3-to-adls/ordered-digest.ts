/**
 * The MD5 of an object whose consecutive ranges are read concurrently. MD5 takes its input in
 * order only, so the chunks of a range that runs ahead of the earliest unfinished one are held
 * (not copied: the buffers the GET delivered) until every range before it is complete. How much
 * is held is bounded by the caller, which starts ranges in a window (`forEachInWindow`).
 */
import { createHash, type Hash } from 'node:crypto';

export class OrderedDigest {
  private readonly hash: Hash = createHash('md5');
  /** Index of the range whose chunks go straight into the hash. */
  private current = 0;
  private readonly held = new Map<number, Buffer[]>();
  private readonly complete = new Set<number>();
  private heldBytes = 0;
  private highestHeldBytes = 0;

  /** One chunk of range `index`, in that range's order. */
  update(index: number, chunk: Buffer): void {
    if (index === this.current) {
      this.hash.update(chunk);
      return;
    }
    const chunks = this.held.get(index) ?? [];
    chunks.push(chunk);
    this.held.set(index, chunks);
    this.heldBytes += chunk.length;
    this.highestHeldBytes = Math.max(this.highestHeldBytes, this.heldBytes);
  }

  /** Range `index` has delivered all of its chunks. */
  end(index: number): void {
    this.complete.add(index);
    while (this.complete.has(this.current)) {
      this.complete.delete(this.current);
      this.current += 1;
      for (const chunk of this.held.get(this.current) ?? []) {
        this.hash.update(chunk);
        this.heldBytes -= chunk.length;
      }
      this.held.delete(this.current);
    }
  }

  /** The most bytes held back at any one time (what the window cost in memory). */
  get peakHeldBytes(): number {
    return this.highestHeldBytes;
  }

  /** The MD5 of every range up to the first incomplete one; all of them once all are complete. */
  digest(): Buffer {
    return this.hash.digest();
  }
}
