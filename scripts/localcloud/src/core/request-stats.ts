/**
 * Counts the requests each endpoint answered, by service and operation, so benchmarks and tests
 * can state how many calls a piece of work took (e.g. "requests per object ≤ blocks + 4").
 */
export class RequestStats {
  private readonly counts = new Map<string, number>();

  record(service: string, operation: string | undefined): void {
    const key = `${service}:${operation ?? '(unknown)'}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Requests recorded so far, optionally only for one service. */
  total(service?: string): number {
    let total = 0;
    for (const [key, count] of this.counts)
      if (service === undefined || key.startsWith(`${service}:`)) total += count;
    return total;
  }

  /** `{ 'azure:PutBlockFromURL': 4, 's3:GetObject': 12, … }` */
  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.counts.clear();
  }
}
