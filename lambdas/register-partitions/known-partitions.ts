/**
 * Partitions this warm container has seen registered. A partition, once in the catalog, stays
 * there (nothing here deletes partitions), so a hit is always right and saves a catalog call.
 * Bounded, least recently used out first: hourly partitions of a few tables make a small working
 * set, and the bound keeps a long-lived container's memory flat whatever it has seen.
 */

/** Enough for weeks of hourly partitions across every table, at about 100 bytes each. */
export const DEFAULT_KNOWN_PARTITIONS = 5_000;

export class KnownPartitions {
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recent.
  private readonly entries = new Map<string, true>();

  constructor(readonly capacity: number = DEFAULT_KNOWN_PARTITIONS) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Whether the partition is known; a hit makes it the most recently used. */
  has(id: string): boolean {
    if (!this.entries.has(id)) return false;
    this.entries.delete(id);
    this.entries.set(id, true);
    return true;
  }

  remember(id: string): void {
    this.entries.delete(id);
    this.entries.set(id, true);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
